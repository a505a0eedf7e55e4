"""Every write to public notices and objections (Art. 8(三), 9(二))."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from pilotbase.accounts import notify
from pilotbase.accounts.models import Role, User
from pilotbase.accounts.permissions import require
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit import services as audit
from pilotbase.operations import clock
from pilotbase.workdays.services import YearNotCovered, notice_end

from .models import NoticeItem, Objection, PublicNotice
from .permissions import can_manage_notices

NOTICE_WORKING_DAYS = 5
# When an objection against an item is upheld, the subject's own app takes it out of what the notice
# was for. Keyed by the subject's model label; the value is a dotted path to f(item, objection, by).
UPHELD_HANDLERS = {
    "applications.application": "pilotbase.applications.services.objection_upheld",
}
# Anyone may object, without signing in; a flood from one contact is cut off here.
MAX_OBJECTIONS_PER_CONTACT = 5


class ObjectionRefused(InvalidInput):
    pass


@transaction.atomic
def publish(
    *,
    kind: str,
    title: str,
    body: str,
    starts_on: date,
    subjects: Iterable[tuple[object, str, str]],
    by: User,
) -> PublicNotice:
    """Publish a notice for 5 working days starting on ``starts_on``. ``subjects`` are (object,
    label, detail). A year whose holiday schedule is not entered yet is a refusal, not a guess."""
    require(can_manage_notices(by), "只有兵团科技局工作人员可以发布公示")
    if not title.strip():
        raise InvalidInput("title", "公示标题不能为空")
    try:
        ends_on = notice_end(starts_on, NOTICE_WORKING_DAYS)
    except YearNotCovered as exc:
        raise InvalidInput("starts_on", f"无法计算公示截止日：{exc}") from exc
    notice = PublicNotice.objects.create(
        kind=kind, title=title.strip(), body=body, starts_on=starts_on, ends_on=ends_on, published_by=by
    )
    items = [
        NoticeItem(
            notice=notice,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            label=label,
            detail=detail,
            sort_order=i,
        )
        for i, (obj, label, detail) in enumerate(subjects)
    ]
    NoticeItem.objects.bulk_create(items)
    audit.record(
        notice,
        "notice_published",
        by=by,
        data={"kind": kind, "starts_on": starts_on, "ends_on": ends_on, "items": len(items)},
    )
    return notice


def fingerprint(real_name: str, contact: str, text: str) -> str:
    norm = "\x1f".join(" ".join(s.split()).lower() for s in (real_name, contact, text))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def submit_objection(
    notice: PublicNotice,
    *,
    item: NoticeItem | None,
    real_name: str,
    contact: str,
    text: str,
    ip: str | None = None,
) -> Objection:
    """Anyone may object while the notice runs, under their real name. The same objection twice is
    recorded once; a contact may raise at most a few per notice."""
    today = clock.today()
    if not notice.is_running(today):
        raise ObjectionRefused("notice", "该公示不在公示期内，不能提出异议")
    real_name, contact, text = real_name.strip(), contact.strip(), text.strip()
    if len(real_name) < 2:
        raise ObjectionRefused("real_name", "请填写真实姓名")
    if len(contact) < 5:
        raise ObjectionRefused("contact", "请填写可以联系到您的电话或电子邮箱")
    if len(text) < 10:
        raise ObjectionRefused("text", "请具体说明异议内容和理由（至少 10 个字）")
    if item is not None and item.notice_id != notice.pk:
        raise ObjectionRefused("item", "异议对象不属于该公示")
    fp = fingerprint(real_name, contact, text)
    existing = Objection.objects.filter(notice=notice, fingerprint=fp).first()
    if existing:
        return existing
    if Objection.objects.filter(notice=notice, contact=contact).count() >= MAX_OBJECTIONS_PER_CONTACT:
        raise ObjectionRefused("contact", "同一联系方式对本公示提出的异议已达上限，请等待处理结果")
    try:
        with transaction.atomic():
            objection = Objection.objects.create(
                notice=notice,
                item=item,
                real_name=real_name,
                contact=contact,
                text=text,
                fingerprint=fp,
                ip=ip,
            )
            audit.record(
                objection,
                "objection_submitted",
                by=None,
                actor_label="public",
                data={"notice": notice.pk, "item": item.pk if item else None},
            )
            officers = User.objects.filter(role=Role.OFFICER, is_active=True)
            notify.send(
                officers,
                f"公示异议待处理：{notice.title}",
                f"{real_name} 对「{item.label if item else notice.title}」提出异议",
                url=f"/notices/manage/objections/{objection.pk}/",
                dedupe_key=f"objection:{objection.pk}",
            )
    except IntegrityError:
        return Objection.objects.get(notice=notice, fingerprint=fp)
    return objection


@transaction.atomic
def investigate(objection: Objection, *, by: User) -> Objection:
    require(can_manage_notices(by), "只有兵团科技局工作人员可以处理异议")
    n = Objection.objects.filter(pk=objection.pk, status=Objection.Status.OPEN).update(
        status=Objection.Status.INVESTIGATING, handled_by=by
    )
    if n == 0:
        objection.refresh_from_db()
        raise InvalidInput("status", f"该异议当前状态为「{objection.get_status_display()}」，不能开始调查")
    objection.refresh_from_db()
    audit.record(objection, "objection_investigating", by=by)
    return objection


@transaction.atomic
def decide(objection: Objection, *, upheld: bool, result: str, by: User) -> Objection:
    """Uphold or dismiss with a written result. An upheld objection takes its item out of the notice's
    purpose (for a filing notice: the application leaves the batch)."""
    require(can_manage_notices(by), "只有兵团科技局工作人员可以处理异议")
    if not result.strip():
        raise InvalidInput("result", "请填写书面处理结果")
    status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    n = Objection.objects.filter(pk=objection.pk, status__in=Objection.OPEN_STATUSES).update(
        status=status, result=result.strip(), handled_by=by, handled_at=timezone.now()
    )
    if n == 0:
        objection.refresh_from_db()
        raise InvalidInput("status", f"该异议已处理（{objection.get_status_display()}），不能重复处理")
    objection.refresh_from_db()
    audit.record(
        objection, "objection_upheld" if upheld else "objection_dismissed", by=by, data={"result": result}
    )
    if upheld and objection.item_id:
        item = objection.item
        NoticeItem.objects.filter(pk=item.pk).update(withdrawn=True)
        handler = UPHELD_HANDLERS.get(item.content_type.app_label + "." + item.content_type.model)
        if handler:
            import_string(handler)(item, objection, by)
    return objection


def has_open_objections(notice: PublicNotice) -> bool:
    return notice.objections.filter(status__in=Objection.OPEN_STATUSES).exists()


def notices_for_subject(obj) -> list[PublicNotice]:
    ct = ContentType.objects.get_for_model(obj)
    return list(PublicNotice.objects.filter(items__content_type=ct, items__object_id=obj.pk).distinct())
