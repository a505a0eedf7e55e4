"""Writes to the expert pool (专家库, Art. 8(二)): one expert's record, past organisations,
declared ties, unavailability and deactivation. Each checks the officer, writes in one
transaction and leaves an audit row; a change to the facts behind conflicts re-detects them at
once for the applications under expert evaluation, so the next assignment already sees it."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from pilotbase.accounts.models import Role, User
from pilotbase.accounts.permissions import require
from pilotbase.accounts.services import InvalidInput
from pilotbase.applications.models import Application
from pilotbase.audit import services as audit
from pilotbase.operations import clock
from pilotbase.rules import INDUSTRY_CHAINS
from pilotbase.rules.codes import ETHICS_FIELDS

from . import conflicts, permissions, services
from .models import TYPE_LABELS, Conflict, Expert, ExpertAffiliation, Invitation

EDITABLE = ("name", "organisation_name", "recommending_unit", "title", "types", "fields", "chains")
EDITABLE += ("region", "contact", "user")


def _officer(by: User) -> None:
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以维护专家库")


def _text(value, field: str, label: str, max_length: int, *, required: bool = False) -> str:
    text = ("" if value is None else str(value)).strip()
    if required and not text:
        raise InvalidInput(field, f"请填写{label}")
    if len(text) > max_length:
        raise InvalidInput(field, f"{label}不能超过 {max_length} 个字")
    return text


def _codes(values, field: str, allowed, label: str) -> list[str]:
    out = []
    for v in values or []:
        if v not in allowed:
            raise InvalidInput(field, f"{label}“{v}”不在代码表中")
        if v not in out:
            out.append(v)
    return out


def _open_applications():
    return Application.objects.filter(status=Application.Status.EXPERT_EVALUATION).select_related(
        "organisation__recommending_unit", "host_unit"
    )


def redetect(expert: Expert, *, by: User | None) -> dict:
    """Bring the stored automatic conflicts of one expert in line with their current facts, for
    the applications under expert evaluation: new findings are added (and any invitation for that
    pair withdrawn), findings whose facts were removed are dropped. Cleared ones stay cleared."""
    expert = (
        Expert.objects.prefetch_related("affiliations").select_related("recommending_unit").get(pk=expert.pk)
    )
    apps = list(_open_applications())
    before = set(
        Conflict.objects.filter(expert=expert, application__in=apps, cleared=False).values_list(
            "application_id", flat=True
        )
    )
    services.detect_conflicts(apps, [expert])
    prof = services.profile(expert)
    found = {
        (int(f.application_id), str(f.kind), f.org_id or "")
        for a in apps
        for f in conflicts.detect(prof, services.party(a), clock.today())
    }
    stale = [
        c.pk
        for c in Conflict.objects.filter(
            expert=expert, application__in=apps, source=Conflict.Source.AUTO, cleared=False
        )
        if (c.application_id, c.kind, c.subject) not in found
    ]
    Conflict.objects.filter(pk__in=stale).delete()
    after = set(
        Conflict.objects.filter(expert=expert, application__in=apps, cleared=False).values_list(
            "application_id", flat=True
        )
    )
    for application in [a for a in apps if a.pk in after - before]:
        services._withdraw_for_conflict(expert, application, by)
    return {"added": sorted(after - before), "dropped": len(stale)}


@transaction.atomic
def update_expert(expert: Expert, *, by: User, **values) -> Expert:
    """Edit one expert's record; the whole record is checked before anything is written."""
    _officer(by)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "不能修改该字段")
    clean = {
        "name": _text(values.get("name", expert.name), "name", "姓名", 50, required=True),
        "organisation_name": _text(
            values.get("organisation_name", expert.organisation_name),
            "organisation_name",
            "工作单位",
            200,
            required=True,
        ),
        "title": _text(values.get("title", expert.title), "title", "职称", 50),
        "region": _text(values.get("region", expert.region), "region", "所在地区", 50),
        "contact": _text(values.get("contact", expert.contact), "contact", "联系方式", 100),
        "types": _codes(values.get("types", expert.types), "types", TYPE_LABELS, "专家类型"),
        "fields": _codes(values.get("fields", expert.fields), "fields", ETHICS_FIELDS, "学科领域"),
        "chains": _codes(values.get("chains", expert.chains), "chains", INDUSTRY_CHAINS.codes, "产业链"),
        "recommending_unit": values.get("recommending_unit", expert.recommending_unit),
        "user": values.get("user", expert.user),
    }
    if not clean["types"]:
        raise InvalidInput("types", "请至少选择一种专家类型")
    user = clean["user"]
    if user is not None:
        if user.role != Role.EXPERT:
            raise InvalidInput("user", "登录账号须为评审专家角色")
        if Expert.objects.filter(user=user).exclude(pk=expert.pk).exists():
            raise InvalidInput("user", "该登录账号已关联其他专家")
    if (
        Expert.objects.filter(name=clean["name"], organisation_name=clean["organisation_name"])
        .exclude(pk=expert.pk)
        .exists()
    ):
        raise InvalidInput("name", "专家库中已有同一单位的同名专家")
    changed = {}
    for key, value in clean.items():
        old = getattr(expert, key)
        if old != value:
            changed[key] = [str(old) if old is not None else "", str(value) if value is not None else ""]
            setattr(expert, key, value)
    if not changed:
        return expert
    expert.save()
    audit.record(expert, "expert_updated", by=by, data={"changed": changed})
    if {"organisation_name", "recommending_unit"} & set(changed):
        redetect(expert, by=by)
    return expert


def _dates(start, end, *, start_required: bool) -> tuple[date | None, date | None]:
    def one(value, field, label):
        if value in (None, ""):
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidInput(field, f"{label}应为 YYYY-MM-DD 格式的日期") from None

    start, end = one(start, "start", "起始日期"), one(end, "end", "结束日期")
    if start_required and start is None:
        raise InvalidInput("start", "请填写起始日期")
    if start and end and end < start:
        raise InvalidInput("end", "结束日期不能早于起始日期")
    return start, end


@transaction.atomic
def add_affiliation(
    expert: Expert, *, organisation_name: str, relation: str, start=None, end=None, note: str = "", by: User
) -> ExpertAffiliation:
    """A past or present employer (任职经历), or a personal or collaboration tie the expert
    declared; conflicts are re-detected at once for the applications under evaluation."""
    _officer(by)
    org = _text(organisation_name, "organisation_name", "单位名称", 200, required=True)
    if relation not in ExpertAffiliation.Relation.values:
        raise InvalidInput("relation", "关系应为 任职、合作关系 或 亲属或其他个人关系")
    start, end = _dates(start, end, start_required=relation == ExpertAffiliation.Relation.EMPLOYMENT)
    note = _text(note, "note", "说明", 200)
    if relation != ExpertAffiliation.Relation.EMPLOYMENT and not note:
        raise InvalidInput("note", "声明的关联关系请说明具体情形")
    row = ExpertAffiliation.objects.create(
        expert=expert, organisation_name=org, relation=relation, start=start, end=end, note=note
    )
    found = redetect(expert, by=by)
    audit.record(
        row,
        "affiliation_added",
        by=by,
        data={
            "expert": expert.pk,
            "organisation": org,
            "relation": relation,
            "start": start.isoformat() if start else "",
            "end": end.isoformat() if end else "",
            "note": note,
            "conflicts_added": found["added"],
        },
    )
    return row


@transaction.atomic
def remove_affiliation(affiliation: ExpertAffiliation, *, by: User) -> dict:
    """Drop a wrongly entered affiliation or tie; automatic conflicts resting on it go with it."""
    _officer(by)
    expert = affiliation.expert
    data = {
        "expert": expert.pk,
        "organisation": affiliation.organisation_name,
        "relation": affiliation.relation,
        "start": affiliation.start.isoformat() if affiliation.start else "",
        "end": affiliation.end.isoformat() if affiliation.end else "",
    }
    deleted, _ = ExpertAffiliation.objects.filter(pk=affiliation.pk).delete()
    if not deleted:
        raise InvalidInput("affiliation", "该记录已被删除")
    found = redetect(expert, by=by)
    audit.record(expert, "affiliation_removed", by=by, data={**data, "conflicts_dropped": found["dropped"]})
    return found


@transaction.atomic
def add_unavailability(expert: Expert, *, start, end, note: str = "", by: User) -> Expert:
    """A period the expert cannot review (出差、回避期等): the solver leaves them out on those days."""
    _officer(by)
    start, end = _dates(start, end, start_required=True)
    if end is None:
        raise InvalidInput("end", "请填写结束日期")
    note = _text(note, "note", "说明", 200)
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    period = {"start": start.isoformat(), "end": end.isoformat(), "note": note}
    expert.unavailable_periods = sorted([*expert.unavailable_periods, period], key=lambda p: p["start"])
    expert.save(update_fields=["unavailable_periods"])
    audit.record(expert, "unavailability_added", by=by, data=period)
    return expert


@transaction.atomic
def remove_unavailability(expert: Expert, *, start: str, end: str, by: User) -> Expert:
    _officer(by)
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    kept = [p for p in expert.unavailable_periods if (p.get("start"), p.get("end")) != (start, end)]
    if len(kept) == len(expert.unavailable_periods):
        raise InvalidInput("period", "该不可参评时段不存在或已删除")
    expert.unavailable_periods = kept
    expert.save(update_fields=["unavailable_periods"])
    audit.record(expert, "unavailability_removed", by=by, data={"start": start, "end": end})
    return expert


@transaction.atomic
def set_active(expert: Expert, *, active: bool, reason: str, by: User) -> Expert:
    """Take an expert out of the pool (停用) or back in. Out of the pool, they are never assigned
    and their invitations for applications still under evaluation are withdrawn."""
    _officer(by)
    reason = _text(reason, "reason", "理由", 500, required=True)
    updated = Expert.objects.filter(pk=expert.pk, active=not active).update(active=active)
    if not updated:
        raise InvalidInput("active", "该专家已停用" if not active else "该专家已在库")
    expert.refresh_from_db()
    withdrawn = []
    if not active:
        for invitation in Invitation.objects.filter(
            expert=expert,
            status__in=Invitation.ACTIVE,
            application__status=Application.Status.EXPERT_EVALUATION,
        ):
            Invitation.objects.filter(pk=invitation.pk).update(status=Invitation.Status.WITHDRAWN)
            audit.record(
                invitation, "invitation_withdrawn_expert_deactivated", by=by, data={"reason": reason}
            )
            withdrawn.append(invitation.pk)
    audit.record(
        expert,
        "expert_deactivated" if not active else "expert_reactivated",
        by=by,
        data={"reason": reason, "invitations_withdrawn": withdrawn},
    )
    return expert
