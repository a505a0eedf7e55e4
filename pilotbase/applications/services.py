"""Every write of the filing workflow (Art. 8): one function per move, each with its permission,
expected state (a conditional UPDATE on status and version, so a lost race raises), audit row and
notification, in one transaction. The table of moves is ``workflow.MOVES``."""

from __future__ import annotations

import json
from collections import OrderedDict
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pilotbase.accounts import notify
from pilotbase.accounts.models import Organisation, Role, User
from pilotbase.accounts.permissions import Refused, is_applicant, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit import services as audit
from pilotbase.bases import services as bases_services
from pilotbase.operations import clock
from pilotbase.rules import FactsError, evaluate, parse_facts

from . import facts_form, materials, organisations, permissions, workflow
from .models import DOCUMENT_NUMBER, Application, ApplicationVersion, Call, FilingBatch, Material, SiteVisit

S = Application.Status

PLEDGE_TEXT = (
    "科研诚信承诺书：本单位郑重承诺，所提交的申报材料和数据真实、准确、完整，不存在弄虚作假行为；"
    "已建立健全内部科研诚信管理制度；如有提供虚假材料或数据等严重失信行为，自愿接受撤销备案资格、"
    "列入科研失信行为记录等处理（《兵团科技成果转化中试基地备案管理暂行办法》第十条）。"
)


class WorkflowError(InvalidInput):
    """A move refused because the application is not (or no longer) in a state that allows it."""

    def __init__(self, message: str, *, current: Application | None = None):
        super().__init__("status", message)
        self.current = current


class StaleVersion(WorkflowError):
    """Somebody saved the application after this page was loaded; the current values come along."""


# --- helpers -----------------------------------------------------------------------------------


def validate_document_number(value: str, field: str = "document_number") -> str:
    value = (value or "").strip().replace("[", "〔").replace("]", "〕")
    if not DOCUMENT_NUMBER.match(value):
        raise InvalidInput(
            field, "发文字号格式应为 机关代字〔年份〕序号号，如 兵科发〔2026〕5号（六角括号，序号不编虚位）"
        )
    return value


def _officers():
    return User.objects.filter(role=Role.OFFICER, is_active=True)


def _unit_reviewers(application: Application):
    return User.objects.filter(
        role=Role.REVIEWER, is_active=True, recommending_unit_id=application.recommending_unit_id
    )


def _applicant_users(application: Application):
    orgs = [application.organisation_id] + ([application.host_unit_id] if application.host_unit_id else [])
    return User.objects.filter(role=Role.APPLICANT, is_active=True, organisation_id__in=orgs)


def _tell(recipients, application: Application, title: str, body: str = "", key: str = "") -> None:
    notify.send(
        recipients,
        title,
        body,
        url=application.get_absolute_url(),
        dedupe_key=f"application:{application.pk}:{key or title}:{application.version}",
    )


def _move(application: Application, action: str, *, by: User, **fields: Any) -> Application:
    """Change the state as ``workflow.MOVES[action]`` allows, only if nobody changed it meanwhile."""
    sources, target, _who = workflow.MOVES[action]
    require(permissions.can_act(by, application, action), "您不是此环节的办理人")
    if application.status not in sources:
        raise WorkflowError(
            f"申报当前状态为「{application.get_status_display()}」，不能执行此操作", current=application
        )
    updated = Application.objects.filter(
        pk=application.pk, status=application.status, version=application.version
    ).update(status=target, version=F("version") + 1, updated_at=timezone.now(), **fields)
    if updated == 0:
        application.refresh_from_db()
        raise WorkflowError(
            f"该申报已被他人处理，当前状态为「{application.get_status_display()}」，请刷新后再试",
            current=application,
        )
    before = application.status
    application.refresh_from_db()
    audit.record(application, action, by=by, data={"from": before, "to": target, **_audit_data(fields)})
    return application


def _audit_data(fields: dict) -> dict:
    out = {}
    for k, v in fields.items():
        if k in ("facts", "details", "check_reviews"):
            continue
        out[k] = v.pk if hasattr(v, "pk") else v
    return out


# --- calls -------------------------------------------------------------------------------------


@transaction.atomic
def create_call(
    *, title: str, document_number: str, text: str, opens_on: date, closes_on: date, by: User
) -> Call:
    """Art. 8(一): 兵团科技行政主管部门发布申报通知."""
    require(permissions.can_manage_calls(by), "只有兵团科技局工作人员可以发布申报通知")
    if not title.strip():
        raise InvalidInput("title", "请填写通知标题")
    document_number = validate_document_number(document_number)
    if closes_on < opens_on:
        raise InvalidInput("closes_on", "申报截止日不能早于开始日")
    call = Call.objects.create(
        title=title.strip(),
        document_number=document_number,
        text=text,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    audit.record(
        call,
        "call_opened",
        by=by,
        data={"document_number": document_number, "opens_on": opens_on, "closes_on": closes_on},
    )
    return call


# --- drafting ----------------------------------------------------------------------------------


@transaction.atomic
def start_application(call: Call, *, by: User, host_unit: Organisation | None = None) -> Application:
    """An applicant organisation starts its application in an open call."""
    require(is_applicant(by), "只有申报单位用户可以填报申报书")
    if not call.is_open(clock.today()):
        raise InvalidInput(
            "call", f"申报通知「{call.title}」不在申报期内（{call.opens_on}至{call.closes_on}）"
        )
    org = by.organisation
    facts: dict = {"applicant": {"via_host_unit": bool(host_unit)}}
    if org.registered_on:
        facts["applicant"]["registered_on"] = org.registered_on.isoformat()
    application = Application.objects.create(
        call=call, organisation=org, host_unit=host_unit, created_by=by, facts=facts
    )
    audit.record(application, "application_started", by=by, data={"call": call.pk})
    return application


def snapshot(application: Application) -> dict:
    return {
        "name": application.name,
        "description": application.description,
        "platform_basis": application.platform_basis,
        "platform_corps_level": application.platform_corps_level,
        "co_builders": application.co_builders,
        "host_unit": application.host_unit.name if application.host_unit_id else None,
        "service_list": application.service_list,
        "facts": application.facts,
        "details": application.details,
        "materials": [
            {"kind": m.kind, "name": m.original_name, "sha256": m.sha256}
            for m in application.materials.filter(removed=False, site_visit__isnull=True).order_by(
                "kind", "pk"
            )
        ],
    }


@transaction.atomic
def save_draft(
    application: Application, *, step: str, data, expected_version: int, by: User, register_host_unit=False
):
    """Autosave and "save" of one step of the form. Only the step's own inputs are written; a value
    that cannot be read yet is left out and reported. A save against an older version (another
    tab, another person) is refused with the current values."""
    require(permissions.can_edit(by, application), "该申报当前不能修改")
    form_step = facts_form.get_step(step)
    if form_step is None:
        raise InvalidInput("step", "未知的填报步骤")
    if expected_version != application.version:
        application.refresh_from_db()
        raise StaleVersion(
            "该申报已在其他窗口或由他人修改，以下为当前内容，请核对后再修改", current=application
        )
    host_before = application.host_unit_id
    errors = facts_form.apply_step(application, form_step, data)
    linked = None
    if step == "basic":
        errors.update(organisations.resolve_host_unit(application, data, register=register_host_unit, by=by))
        if "app.co_builders" in data:
            application.co_builders, linked, more = organisations.link_co_builders(application.co_builders)
            errors.update(more)
    updated = Application.objects.filter(
        pk=application.pk, version=expected_version, status__in=workflow.EDITABLE
    ).update(
        name=application.name[:200],
        description=application.description,
        platform_basis=application.platform_basis,
        platform_corps_level=application.platform_corps_level,
        co_builders=application.co_builders,
        service_list=application.service_list,
        facts=application.facts,
        details=application.details,
        host_unit=application.host_unit,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if updated == 0:
        application.refresh_from_db()
        raise StaleVersion(
            "该申报已在其他窗口或由他人修改，以下为当前内容，请核对后再修改", current=application
        )
    if linked is not None:
        application.co_builder_organisations.set(linked)
    application.refresh_from_db()
    data_ = {"step": step, "version": application.version}
    if application.host_unit_id != host_before:
        data_["host_unit"] = application.host_unit_id
    audit.record(application, "draft_saved", by=by, data=data_)
    if application.host_unit_id and application.host_unit_id != host_before:
        notify.send(
            User.objects.filter(
                role=Role.APPLICANT, is_active=True, organisation_id=application.host_unit_id
            ),
            f"您单位被列为依托单位：{application.name or application}",
            f"{application.organisation.name} 申报中试基地时将贵单位列为依托单位，贵单位可查看和填报该申报",
            url=application.get_absolute_url(),
            dedupe_key=f"application:{application.pk}:host_unit:{application.host_unit_id}",
        )
    return application, errors


def facts_for_rules(application: Application, *, today=None, penalty: bool | None = None) -> dict:
    """The saved facts, with what the system knows itself: today, and the misconduct register
    (``penalty`` when the caller has just read it)."""
    facts = {k: (dict(v) if isinstance(v, dict) else v) for k, v in (application.facts or {}).items()}
    today = today or clock.today()
    facts["as_of"] = today.isoformat()
    applicant = facts.setdefault("applicant", {})
    applicant["serious_misconduct_in_penalty_period"] = (
        bases_services.in_penalty(application.organisation_id, today) if penalty is None else penalty
    )
    return facts


# The engine is a pure function of the facts (which include today and the misconduct state), and
# every page of an application shows its checklist: results are kept per process for the facts
# they came from, so a page view re-evaluates only when something it depends on has changed.
_EVALUATED: OrderedDict[str, dict] = OrderedDict()
_EVALUATED_MAX = 512


def _evaluate(facts: dict) -> dict:
    key = json.dumps(facts, sort_keys=True, ensure_ascii=False, default=str)
    result = _EVALUATED.get(key)
    if result is None:
        try:
            result = evaluate(parse_facts(facts, today=date.fromisoformat(facts["as_of"]))).to_dict()
        except FactsError as exc:
            result = {
                "error": getattr(exc, "message_zh", "") or str(exc),
                "field": exc.field_path,
                "checks": [],
            }
        _EVALUATED[key] = result
        if len(_EVALUATED) > _EVALUATED_MAX:
            _EVALUATED.popitem(last=False)
    else:
        _EVALUATED.move_to_end(key)
    return {**result, "checks": [dict(check) for check in result["checks"]]}


def checklist(application: Application, *, today=None, penalty: bool | None = None) -> dict:
    """The Article 7 checks of the saved facts, with the officer's confirmations and overrides."""
    result = _evaluate(facts_for_rules(application, today=today, penalty=penalty))
    for check in result["checks"]:
        check["review"] = (application.check_reviews or {}).get(check["id"])
    return result


def missing_material_kinds(application: Application) -> list[str]:
    present = set(
        application.materials.filter(removed=False, site_visit__isnull=True).values_list("kind", flat=True)
    )
    return [str(Material.Kind(k).label) for k in Material.REQUIRED_KINDS if k not in present]


def add_material(
    application: Application, *, kind: str, upload, by: User, site_visit: SiteVisit | None = None
) -> Material:
    """Art. 8(一) 申报材料: a file of a required kind, checked by its content. The file is removed
    again if the row is not written."""
    if site_visit is None:
        require(permissions.can_edit(by, application), "该申报当前不能上传材料")
        if kind not in Material.APPLICANT_KINDS:
            raise InvalidInput("kind", "请选择材料类别")
    else:
        require(permissions.is_officer(by), "只有兵团科技局工作人员可以上传核查材料")
    name = (getattr(upload, "name", "") or "upload").replace("\\", "/").rsplit("/", 1)[-1][:200]
    with materials.stored_in_transaction(upload) as stored:
        material = Material.objects.create(
            application=application,
            site_visit=site_visit,
            kind=kind,
            original_name=name,
            stored_name=stored.stored_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_by=by,
        )
        if site_visit is None:
            Application.objects.filter(pk=application.pk).update(
                version=F("version") + 1, updated_at=timezone.now()
            )
        audit.record(
            application,
            "material_uploaded",
            by=by,
            data={"material": material.pk, "kind": kind, "sha256": stored.sha256, "size": stored.size},
        )
    application.refresh_from_db()
    return material


@transaction.atomic
def remove_material(material: Material, *, by: User) -> None:
    application = material.application
    require(permissions.can_edit(by, application), "该申报当前不能删除材料")
    Material.objects.filter(pk=material.pk).update(removed=True)
    Application.objects.filter(pk=application.pk).update(version=F("version") + 1, updated_at=timezone.now())
    audit.record(
        application, "material_removed", by=by, data={"material": material.pk, "kind": material.kind}
    )


# --- the moves ---------------------------------------------------------------------------------


@transaction.atomic
def submit(
    application: Application, *, pledge: bool, by: User, expected_version: int | None = None
) -> Application:
    """Art. 8(一) 申请单位提交申报材料, with the integrity pledge of Art. 10."""
    require(permissions.can_act(by, application, "submit"), "您不是此申报的申报单位")
    today = clock.today()
    if expected_version is not None and expected_version != application.version:
        application.refresh_from_db()
        raise StaleVersion("该申报已在其他窗口或由他人修改，请核对当前内容后再提交", current=application)
    if not application.call.is_open(today):
        raise InvalidInput(
            "call",
            f"申报通知不在申报期内（{application.call.opens_on}至{application.call.closes_on}），不能提交",
        )
    if bases_services.in_penalty(application.organisation, today):
        raise Refused("本单位在科研严重失信行为惩戒执行期内，不能申报（第七条第（二）项）")
    if not application.name.strip():
        raise InvalidInput("name", "请填写中试基地名称")
    via_host = ((application.facts or {}).get("applicant") or {}).get("via_host_unit")
    if via_host is True and application.host_unit_id is None:
        raise InvalidInput(
            "host_unit", "以依托单位申报的，请填写依托单位（统一社会信用代码或已登记的单位名称）"
        )
    missing = missing_material_kinds(application)
    if missing:
        raise InvalidInput("materials", "申报材料不齐全，尚缺：" + "、".join(missing))
    try:
        parse_facts(facts_for_rules(application), today=today)
    except FactsError as exc:
        raise InvalidInput(f"facts.{exc.field_path}", getattr(exc, "message_zh", "") or str(exc)) from exc
    if not pledge:
        raise InvalidInput("pledge", "请阅读并签署科研诚信承诺书")
    number = application.submitted_count + 1
    now = timezone.now()
    _move(
        application,
        "submit",
        by=by,
        submitted_count=number,
        submitted_at=now,
        pledge_signed_by=by,
        pledge_signed_at=now,
    )
    ApplicationVersion.objects.create(
        application=application, number=number, data=snapshot(application), submitted_by=by
    )
    audit.record(application, "integrity_pledge_signed", by=by, data={"text": PLEDGE_TEXT, "version": number})
    _tell(
        _unit_reviewers(application),
        application,
        f"待初审：{application.name}",
        f"{application.organisation.name} 提交了中试基地备案申报（第 {number} 版）",
        "submitted",
    )
    return application


@transaction.atomic
def recommend(application: Application, *, opinion: str, order: int | None = None, by: User) -> Application:
    """Art. 8(一): the recommending unit forwards an applicant that meets the conditions with complete materials."""
    require(permissions.can_act(by, application, "recommend"), "只有申报单位所属推荐单位可以初审")
    if not opinion.strip():
        raise InvalidInput("opinion", "请填写推荐意见")
    same_call = Application.objects.filter(
        call_id=application.call_id,
        recommending_unit_id=application.recommending_unit_id,
        status__in=[S.SUBMITTED, S.RECOMMENDED],
    ).exclude(pk=application.pk)
    if order is None and same_call.exists():
        raise InvalidInput("order", "本单位在本批申报中推荐多个基地，请填写推荐排序")
    if order is not None:
        if order < 1:
            raise InvalidInput("order", "推荐排序应为正整数")
        if same_call.filter(status=S.RECOMMENDED, recommendation_order=order).exists():
            raise InvalidInput("order", f"推荐排序 {order} 已被本单位推荐的其他申报使用")
    _move(application, "recommend", by=by, recommendation_opinion=opinion.strip(), recommendation_order=order)
    _tell(
        _officers(),
        application,
        f"待形式审查：{application.name}",
        f"{by.recommending_unit} 已推荐",
        "recommended",
    )
    _tell(
        _applicant_users(application),
        application,
        f"已推荐：{application.name}",
        "推荐单位已向兵团科技局推荐",
    )
    return application


@transaction.atomic
def return_for_revision(application: Application, *, reasons: str, by: User) -> Application:
    """退回补正 by the recommending unit (初审) or by the bureau (形式审查)."""
    action = "return_by_unit" if permissions.in_jurisdiction(by, application) else "return_by_bureau"
    if not reasons.strip():
        raise InvalidInput("reasons", "请写明退回理由")
    _move(application, action, by=by, return_reason=reasons.strip())
    _tell(
        _applicant_users(application),
        application,
        f"申报被退回补正：{application.name}",
        reasons.strip(),
        "returned",
    )
    return application


@transaction.atomic
def not_recommend(application: Application, *, reason: str, by: User) -> Application:
    if not reason.strip():
        raise InvalidInput("reason", "请写明不予推荐的理由")
    _move(application, "not_recommend", by=by, decision_reason=reason.strip())
    _tell(_applicant_users(application), application, f"未予推荐：{application.name}", reason.strip())
    return application


@transaction.atomic
def start_formal_review(application: Application, *, by: User) -> Application:
    """Art. 8(二): the bureau reviews the materials (completeness and the conditions)."""
    _move(application, "start_formal_review", by=by)
    _tell(_applicant_users(application), application, f"形式审查中：{application.name}")
    return application


@transaction.atomic
def review_check(
    application: Application, *, check_id: str, status: str, reason: str, by: User
) -> Application:
    """The officer confirms or overrides one Article 7 check, with a reason (formal review)."""
    require(permissions.is_officer(by), "只有兵团科技局工作人员可以核定审查结论")
    if application.status != S.FORMAL_REVIEW:
        raise WorkflowError("只有形式审查中的申报可以逐项核定", current=application)
    ids = {c["id"] for c in checklist(application).get("checks", [])}
    if check_id not in ids:
        raise InvalidInput("check_id", "未知的审查项")
    if status not in ("pass", "fail"):
        raise InvalidInput("status", "核定结论只能是“符合”或“不符合”")
    if not reason.strip():
        raise InvalidInput("reason", "请写明核定理由")
    reviews = dict(application.check_reviews or {})
    reviews[check_id] = {
        "status": status,
        "reason": reason.strip(),
        "by": by.get_username(),
        "at": timezone.now().isoformat(timespec="seconds"),
    }
    updated = Application.objects.filter(
        pk=application.pk, version=application.version, status=S.FORMAL_REVIEW
    ).update(check_reviews=reviews, version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        application.refresh_from_db()
        raise StaleVersion("该申报已被他人修改，请刷新后再核定", current=application)
    application.refresh_from_db()
    audit.record(
        application, "check_reviewed", by=by, data={"check": check_id, "status": status, "reason": reason}
    )
    return application


@transaction.atomic
def reject(application: Application, *, reason: str, by: User) -> Application:
    if not reason.strip():
        raise InvalidInput("reason", "请写明不予通过的理由")
    _move(application, "reject", by=by, decision_reason=reason.strip())
    _tell(_applicant_users(application), application, f"审查未通过：{application.name}", reason.strip())
    return application


@transaction.atomic
def send_to_experts(application: Application, *, opinion: str, by: User) -> Application:
    """Art. 8(二): after the formal review, experts evaluate and visit the site."""
    checks = checklist(application)
    unresolved = [
        c["id"]
        for c in checks.get("checks", [])
        if c["status"] in ("manual", "missing", "fail") and not c.get("review")
    ]
    if checks.get("error"):
        raise InvalidInput("facts", "申报条件事实无法核对：" + checks["error"])
    if unresolved:
        raise InvalidInput("checks", "尚有审查项未核定：" + "、".join(unresolved))
    failed = [cid for cid, r in (application.check_reviews or {}).items() if r["status"] == "fail"]
    failed += [c["id"] for c in checks["checks"] if c["status"] == "fail" and not c.get("review")]
    if failed:
        raise InvalidInput(
            "checks", "存在核定为不符合的审查项，不能提交专家评估：" + "、".join(sorted(set(failed)))
        )
    _move(application, "send_to_experts", by=by, formal_review_opinion=opinion.strip())
    _tell(_applicant_users(application), application, f"进入专家评估论证：{application.name}")
    return application


def record_consolidated_opinion(application: Application, score, opinion: str, by: User) -> Application:
    """The seam for the expert app: the panel's consolidated score (0–100) and opinion."""
    try:
        score = Decimal(str(score)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput("score", "综合评分应为 0–100 的数字") from exc
    if not (Decimal(0) <= score <= Decimal(100)):
        raise InvalidInput("score", "综合评分应为 0–100 的数字")
    if not opinion.strip():
        raise InvalidInput("opinion", "请填写专家组综合意见")
    with transaction.atomic():
        _move(
            application,
            "record_consolidated_opinion",
            by=by,
            consolidated_score=score,
            consolidated_opinion=opinion.strip(),
        )
        _tell(_applicant_users(application), application, f"专家评估论证完成：{application.name}")
    return application


@transaction.atomic
def record_site_visit(
    application: Application,
    *,
    visited_on: date,
    members: str,
    checklist_items: list[str],
    findings: str,
    by: User,
) -> SiteVisit:
    require(permissions.is_officer(by), "只有兵团科技局工作人员可以登记现场核查")
    if application.status != S.EXPERT_EVALUATION:
        raise WorkflowError("只有专家评估论证中的申报可以登记现场核查", current=application)
    if not members.strip():
        raise InvalidInput("members", "请填写核查组成员")
    if not findings.strip():
        raise InvalidInput("findings", "请填写核查结论")
    visit = SiteVisit.objects.create(
        application=application,
        visited_on=visited_on,
        members=members.strip(),
        checklist=[c.strip() for c in checklist_items if c.strip()],
        findings=findings.strip(),
        recorded_by=by,
    )
    audit.record(
        application, "site_visit_recorded", by=by, data={"site_visit": visit.pk, "visited_on": visited_on}
    )
    return visit


@transaction.atomic
def withdraw(application: Application, *, reason: str, by: User) -> Application:
    """The applicant withdraws, at any time until filing."""
    _move(application, "withdraw", by=by, decision_reason=reason.strip())
    if application.batch_id is None:
        pass
    _tell(_unit_reviewers(application), application, f"申报单位已撤回：{application.name}")
    return application


# --- batches, notice, filing ------------------------------------------------------------------


@transaction.atomic
def create_batch(call: Call, *, name: str, by: User) -> FilingBatch:
    require(permissions.is_officer(by), "只有兵团科技局工作人员可以组织择优")
    if not name.strip():
        raise InvalidInput("name", "请填写批次名称")
    batch = FilingBatch.objects.create(call=call, name=name.strip(), created_by=by)
    audit.record(batch, "batch_created", by=by, data={"call": call.pk})
    return batch


def ranking(batch: FilingBatch) -> list[Application]:
    """The evaluated applications of the batch's call, best consolidated score first."""
    return list(
        Application.objects.filter(call_id=batch.call_id, status=S.EVALUATED)
        .select_related("organisation")
        .order_by(F("consolidated_score").desc(nulls_last=True), "pk")
    )


@transaction.atomic
def select_batch(batch: FilingBatch, *, selected_ids: list[int], by: User) -> list[Application]:
    """Art. 8(三) 择优分批布局: the chosen ones go forward; the others are told."""
    require(permissions.is_officer(by), "只有兵团科技局工作人员可以择优遴选")
    if batch.status != FilingBatch.Status.SELECTING:
        raise WorkflowError("该批次已完成遴选")
    # Check the choice before claiming the batch: a bad choice must leave it open for selection.
    candidates = ranking(batch)
    chosen = set(int(i) for i in selected_ids)
    if not chosen or not chosen <= {a.pk for a in candidates}:
        raise InvalidInput("selected", "请从本批评估完成的申报中选择入选者")
    if not FilingBatch.objects.filter(pk=batch.pk, status=FilingBatch.Status.SELECTING).update(
        status=FilingBatch.Status.SELECTED
    ):
        raise WorkflowError("该批次已完成遴选")
    selected = []
    for application in candidates:
        if application.pk in chosen:
            _move(application, "select", by=by, batch=batch)
            selected.append(application)
            _tell(
                _applicant_users(application),
                application,
                f"择优入选：{application.name}",
                "即将在门户网站公示",
            )
        else:
            _move(application, "not_select", by=by)
            _tell(
                _applicant_users(application),
                application,
                f"本批次未入选：{application.name}",
                f"综合评分 {application.consolidated_score}，本批次未入选",
            )
    batch.refresh_from_db()
    audit.record(batch, "batch_selected", by=by, data={"selected": sorted(chosen)})
    return selected


@transaction.atomic
def publish_batch(batch: FilingBatch, *, starts_on: date, by: User):
    """Art. 8(三): the selected batch is noticed on the portal for 5 working days."""
    from pilotbase.notices import services as notices

    require(permissions.is_officer(by), "只有兵团科技局工作人员可以发布公示")
    if batch.status != FilingBatch.Status.SELECTED:
        raise WorkflowError("只有已完成遴选的批次可以公示")
    apps = list(batch.applications.filter(status=S.SELECTED).select_related("organisation"))
    notice = notices.publish(
        kind="filing",
        title=f"兵团科技成果转化中试基地拟备案名单公示（{batch.name}）",
        body="根据《兵团科技成果转化中试基地备案管理暂行办法》第八条，经组织申报、审核论证、择优布局，"
        "拟将以下单位建设的中试基地予以备案，现予公示。公示期内如有异议，请以真实姓名提出。",
        starts_on=starts_on,
        subjects=[
            (a, f"{a.name}（{a.organisation.name}）", f"综合评分 {a.consolidated_score}") for a in apps
        ],
        by=by,
    )
    if not FilingBatch.objects.filter(pk=batch.pk, status=FilingBatch.Status.SELECTED).update(
        status=FilingBatch.Status.ON_NOTICE, notice=notice
    ):
        raise WorkflowError("该批次已被他人公示")
    for application in apps:
        _move(application, "put_on_notice", by=by)
        _tell(
            _applicant_users(application),
            application,
            f"公示中：{application.name}",
            f"公示期：{notice.starts_on}至{notice.ends_on}",
        )
    batch.refresh_from_db()
    return notice


def objection_upheld(item, objection, by: User) -> None:
    """Called by notices when an objection against an application is upheld: it leaves the batch."""
    application = Application.objects.select_related("organisation").get(pk=item.object_id)
    if application.status == S.ON_NOTICE:
        _move(application, "objection_upheld", by=by, batch=None, decision_reason=objection.result)
        _tell(
            _applicant_users(application), application, f"公示异议成立：{application.name}", objection.result
        )


def filing_blockers(batch: FilingBatch) -> list[str]:
    from pilotbase.notices.services import has_open_objections

    if batch.status != FilingBatch.Status.ON_NOTICE or batch.notice is None:
        return ["该批次尚未公示"]
    reasons = []
    if clock.today() <= batch.notice.ends_on:
        reasons.append(f"公示期至 {batch.notice.ends_on} 24时，期满后方可发文备案")
    if has_open_objections(batch.notice):
        reasons.append("尚有未处理完毕的异议")
    return reasons


@transaction.atomic
def file_batch(batch: FilingBatch, *, document_number: str, by: User, filed_on: date | None = None) -> list:
    """Art. 8(三) 公示期满无异议的由兵团科技行政主管部门发文正式备案."""
    require(permissions.is_officer(by), "只有兵团科技局工作人员可以发文备案")
    document_number = validate_document_number(document_number)
    blockers = filing_blockers(batch)
    if blockers:
        raise WorkflowError("不能发文备案：" + "；".join(blockers))
    filed_on = filed_on or clock.today()
    if not FilingBatch.objects.filter(pk=batch.pk, status=FilingBatch.Status.ON_NOTICE).update(
        status=FilingBatch.Status.FILED, document_number=document_number, filed_on=filed_on
    ):
        raise WorkflowError("该批次已发文备案")
    bases = []
    for application in batch.applications.filter(status=S.ON_NOTICE).select_related(
        "organisation", "host_unit"
    ):
        _move(application, "file", by=by)
        base = bases_services.create_from_application(
            application, filed_on=filed_on, document_number=document_number, by=by
        )
        bases.append(base)
        _tell(
            _applicant_users(application),
            application,
            f"已正式备案：{application.name}",
            f"备案编号 {base.filing_number}，{document_number}",
        )
    batch.refresh_from_db()
    audit.record(batch, "batch_filed", by=by, data={"document_number": document_number, "bases": len(bases)})
    return bases
