"""Every write to evaluations and rectification (Art. 9): campaigns, self-evaluation, the recommending
unit's authenticity opinion, grading, the public notice of results, filing, rectification."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pilotbase.accounts import notify
from pilotbase.accounts.models import Role, User
from pilotbase.accounts.permissions import require
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit import services as audit
from pilotbase.bases import lifecycle
from pilotbase.bases.models import PilotBase
from pilotbase.notices import services as notices
from pilotbase.notices.models import NoticeItem, Objection, PublicNotice
from pilotbase.operations import clock

from . import permissions
from .models import INDICATORS, Evaluation, EvaluationCampaign, EvaluationEvidence, Rectification, Revocation

S = PilotBase.Status
E = Evaluation.Status
EVALUATION_CYCLE_YEARS = 3
RECTIFICATION_YEARS = 1


# --- who is due -------------------------------------------------------------------------------


def anchors(bases) -> dict[int, date]:
    """The date each base's three years run from: its last filed evaluation, or its filing."""
    last = dict(
        Evaluation.objects.filter(base__in=bases, status=E.FILED)
        .values("base_id")
        .annotate(m=Max("campaign__as_of"))
        .values_list("base_id", "m")
    )
    return {b.pk: max(filter(None, (b.filed_on, last.get(b.pk)))) for b in bases}


def due_on(base: PilotBase, anchor: date | None = None) -> date:
    return lifecycle.add_years(anchor or base.filed_on, EVALUATION_CYCLE_YEARS)


def due_bases(as_of: date) -> list[tuple[PilotBase, date]]:
    """Art. 9 每三年评价一次: active bases whose three years have run by ``as_of`` (calendar-correct)."""
    bases = list(PilotBase.objects.filter(status=S.ACTIVE).select_related("organisation"))
    anchor = anchors(bases)
    out = []
    for b in bases:
        d = due_on(b, anchor[b.pk])
        if d <= as_of:
            out.append((b, d))
    return out


# --- campaign ---------------------------------------------------------------------------------


@transaction.atomic
def open_campaign(
    *,
    title: str,
    notice_text: str,
    as_of: date,
    report_deadline: date,
    by: User,
    indicator_set=None,
    add: dict[int, str] | None = None,
    excuse: dict[int, str] | None = None,
) -> EvaluationCampaign:
    """Art. 9(一): the bureau opens a campaign; every base due by ``as_of`` is listed, and the bureau
    may add a base that is not due or excuse one that is, each with a reason."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以组织绩效评价")
    title = (title or "").strip()
    if not title:
        raise InvalidInput("title", "请填写评价通知标题")
    if report_deadline <= as_of:
        raise InvalidInput("report_deadline", "自评报告截止日应晚于评价基准日")
    add, excuse = add or {}, excuse or {}
    for pk, reason in {**add, **excuse}.items():
        if not (reason or "").strip():
            raise InvalidInput("reason", f"增列或免评基地（{pk}）须写明理由")
    campaign = EvaluationCampaign.objects.create(
        title=title,
        notice_text=notice_text,
        as_of=as_of,
        report_deadline=report_deadline,
        indicator_set=indicator_set or [k for k, _label, _t in INDICATORS],
        opened_by=by,
    )
    listed = {b.pk: b for b, _d in due_bases(as_of)}
    extra = PilotBase.objects.filter(pk__in=[pk for pk in add if pk not in listed], status=S.ACTIVE)
    for b in extra:
        listed[b.pk] = b
    if set(add) - set(listed):
        raise InvalidInput("add", "只能增列状态为正常的中试基地")
    for b in listed.values():
        if b.pk in excuse:
            Evaluation.objects.create(
                campaign=campaign, base=b, status=E.EXCUSED, excused_reason=excuse[b.pk].strip()
            )
            audit.record(
                b, "evaluation_excused", by=by, data={"campaign": campaign.pk, "reason": excuse[b.pk]}
            )
            continue
        ev = Evaluation.objects.create(campaign=campaign, base=b, added_reason=(add.get(b.pk) or "").strip())
        lifecycle.move(
            b,
            S.UNDER_EVALUATION,
            expect=S.ACTIVE,
            by=by,
            action="evaluation_started",
            data={"campaign": campaign.pk, "evaluation": ev.pk},
        )
        notify.send(
            lifecycle.applicant_users(b),
            f"请提交绩效自评报告：{b.name}",
            f"{campaign.title}，截止 {report_deadline:%Y年%-m月%-d日}",
            url=ev.get_absolute_url(),
            dedupe_key=f"evaluation-open:{ev.pk}",
        )
    audit.record(
        campaign,
        "campaign_opened",
        by=by,
        data={"as_of": as_of, "bases": len(listed), "excused": list(excuse)},
    )
    return campaign


# --- self-evaluation and authenticity opinion ---------------------------------------------------


def engagement_prefill(ev: Evaluation) -> dict:
    """Figures the catalogue already knows, when it offers them."""
    try:
        from pilotbase.catalogue import services as catalogue_services
    except ImportError:
        return {}
    figures = getattr(catalogue_services, "engagement_figures", None)
    if figures is None:
        return {}
    since = ev.base.filed_on
    try:
        data = figures(ev.base, since, ev.campaign.as_of) or {}
    except Exception:  # noqa: BLE001 - a prefill must never break the form
        return {}
    return {k: data[k] for k, _l, _t in INDICATORS if k in data}


def clean_indicators(raw: dict) -> dict:
    """Whole non-negative counts; revenue a non-negative amount in yuan with at most two decimals."""
    out: dict[str, object] = {}
    for key, label, kind in INDICATORS:
        value = raw.get(key)
        if value is None or str(value).strip() == "":
            raise InvalidInput(key, f"请填写{label}")
        text = str(value).strip().replace(",", "")
        if kind == "int":
            try:
                n = int(text)
            except ValueError:
                raise InvalidInput(key, f"{label}应为整数") from None
            if n < 0:
                raise InvalidInput(key, f"{label}不能为负数")
            out[key] = n
        else:
            try:
                d = Decimal(text)
            except InvalidOperation:
                raise InvalidInput(key, f"{label}应为数字") from None
            if not d.is_finite() or d < 0 or d.as_tuple().exponent < -2 or d >= Decimal("1e12"):
                raise InvalidInput(key, f"{label}应为不小于 0 的金额，最多两位小数")
            out[key] = str(d.quantize(Decimal("0.01")))
    return out


@transaction.atomic
def submit_self_evaluation(ev: Evaluation, *, indicators: dict, report: str, by: User) -> Evaluation:
    """Art. 9(一): the base fills its self-evaluation report and submits it to its recommending unit."""
    require(permissions.can_self_evaluate(by, ev), "只有本基地建设运营单位可以提交自评报告")
    clean = clean_indicators(indicators)
    report = (report or "").strip()
    if len(report) < 10:
        raise InvalidInput("self_report", "请填写自评报告正文（至少 10 个字）")
    n = Evaluation.objects.filter(pk=ev.pk, status=E.AWAITING_REPORT).update(
        status=E.SUBMITTED, indicators=clean, self_report=report, submitted_at=timezone.now()
    )
    _check(n, ev, "提交自评报告")
    audit.record(ev, "self_evaluation_submitted", by=by, data={"indicators": clean})
    notify.send(
        lifecycle.reviewer_users(ev.base),
        f"绩效自评报告待审核：{ev.base.name}",
        url=ev.get_absolute_url(),
        dedupe_key=f"evaluation-submitted:{ev.pk}",
    )
    return ev


@transaction.atomic
def forward(ev: Evaluation, *, opinion: str, by: User) -> Evaluation:
    """Art. 9(一): the recommending unit audits the materials' authenticity and forwards them."""
    require(permissions.can_forward(by, ev), "只有本基地的推荐单位可以出具真实性审核意见")
    opinion = (opinion or "").strip()
    if len(opinion) < 4:
        raise InvalidInput("authenticity_opinion", "请填写真实性审核意见")
    n = Evaluation.objects.filter(pk=ev.pk, status=E.SUBMITTED).update(
        status=E.FORWARDED, authenticity_opinion=opinion
    )
    _check(n, ev, "报送")
    audit.record(ev, "evaluation_forwarded", by=by, data={"opinion": opinion})
    notify.send(
        lifecycle.officer_users(),
        f"绩效评价待评定：{ev.base.name}",
        url=ev.get_absolute_url(),
        dedupe_key=f"evaluation-forwarded:{ev.pk}",
    )
    return ev


@transaction.atomic
def entrust(ev: Evaluation, *, evaluator: User, by: User) -> Evaluation:
    """Art. 9(二): the bureau may entrust a third-party evaluator with one evaluation."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以委托第三方评价")
    if evaluator.role != Role.EVALUATOR or not evaluator.is_active:
        raise InvalidInput("evaluator", "请选择第三方评价机构账号")
    n = Evaluation.objects.filter(pk=ev.pk, status__in=(E.SUBMITTED, E.FORWARDED)).update(evaluator=evaluator)
    _check(n, ev, "委托评价")
    audit.record(ev, "evaluation_entrusted", by=by, data={"evaluator": evaluator.pk})
    notify.send(
        [evaluator],
        f"受托绩效评价：{ev.base.name}",
        url=ev.get_absolute_url(),
        dedupe_key=f"entrusted:{ev.pk}:{evaluator.pk}",
    )
    return ev


@transaction.atomic
def set_grade(ev: Evaluation, *, grade: str, opinion: str, by: User) -> Evaluation:
    """Art. 9(二): excellent, qualified or unqualified — set once; a second grader gets a clear error."""
    require(permissions.can_grade(by, ev), "只有兵团科技局或受托评价机构可以评定等次")
    if grade not in Evaluation.Grade.values:
        raise InvalidInput("grade", "请选择评价等次：优秀、合格或不合格")
    opinion = (opinion or "").strip()
    if len(opinion) < 4:
        raise InvalidInput("review_opinion", "请填写评价意见")
    n = Evaluation.objects.filter(pk=ev.pk, status=E.FORWARDED, grade="").update(
        status=E.GRADED, grade=grade, review_opinion=opinion, graded_by=by
    )
    if n == 0:
        ev.refresh_from_db()
        if ev.grade:
            raise InvalidInput("grade", f"该评价已被评定为「{ev.get_grade_display()}」，不能重复评定")
        _check(0, ev, "评定等次")
    ev.refresh_from_db()
    audit.record(ev, "evaluation_graded", by=by, data={"grade": grade})
    return ev


@transaction.atomic
def publish_results(campaign: EvaluationCampaign, *, starts_on: date, by: User) -> PublicNotice:
    """Art. 9(二): the grades are published for 5 working days, with objections."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以发布公示")
    evs = list(
        campaign.evaluations.select_for_update(of=("self",)).filter(status=E.GRADED).select_related("base")
    )
    if not evs:
        raise InvalidInput("campaign", "没有已评定、待公示的评价结果")
    notice = notices.publish(
        kind=PublicNotice.Kind.EVALUATION,
        title=f"{campaign.title}结果公示",
        body="以下中试基地绩效评价结果予以公示，如有异议请在公示期内实名提出。",
        starts_on=starts_on,
        subjects=[
            # the notice page shows only the label, so the grade goes in it too
            (
                ev,
                f"{ev.base.filing_number} {ev.base.name}（评价等次：{ev.get_grade_display()}）",
                f"评价等次：{ev.get_grade_display()}",
            )
            for ev in evs
        ],
        by=by,
    )
    Evaluation.objects.filter(pk__in=[ev.pk for ev in evs], status=E.GRADED).update(
        status=E.ON_NOTICE, notice=notice
    )
    for ev in evs:
        audit.record(ev, "evaluation_result_on_notice", by=by, data={"notice": notice.pk})
    return notice


@transaction.atomic
def file_result(ev: Evaluation, *, document_number: str, by: User) -> Evaluation:
    """Art. 9(二): after the notice ends without an open objection, the result is filed by document.
    Excellent or qualified: the base is active again; unqualified: one year of rectification."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以备案评价结果")
    document_number = lifecycle.check_document_number(document_number)
    today = clock.today()
    ev = Evaluation.objects.select_for_update(of=("self",)).select_related("base", "notice").get(pk=ev.pk)
    if ev.status != E.ON_NOTICE:
        raise InvalidInput("status", f"该评价当前状态为「{ev.get_status_display()}」，不能备案结果")
    if today <= ev.notice.ends_on:
        raise InvalidInput("notice", f"公示期至 {ev.notice.ends_on:%Y年%-m月%-d日} 结束，期满后方可备案")
    items = NoticeItem.objects.filter(notice=ev.notice, object_id=ev.pk, content_type__model="evaluation")
    if Objection.objects.filter(item__in=items, status__in=Objection.OPEN_STATUSES).exists():
        raise InvalidInput("notice", "该评价结果尚有未处理完毕的异议")
    ev.status, ev.result_document_number, ev.result_on = E.FILED, document_number, today
    ev.save(update_fields=["status", "result_document_number", "result_on"])
    audit.record(ev, "evaluation_filed", by=by, data={"grade": ev.grade, "document_number": document_number})
    base = ev.base
    if ev.is_reevaluation:
        _file_reevaluation(ev, document_number, by=by)
    elif ev.grade == Evaluation.Grade.UNQUALIFIED:
        deadline = lifecycle.add_years(today, RECTIFICATION_YEARS)
        lifecycle.move(
            base,
            S.RECTIFYING,
            expect=S.UNDER_EVALUATION,
            by=by,
            action="rectification_ordered",
            data={"evaluation": ev.pk, "deadline": deadline},
        )
        Rectification.objects.create(evaluation=ev, base=base, deadline=deadline)
    else:
        lifecycle.move(
            base,
            S.ACTIVE,
            expect=(S.UNDER_EVALUATION, S.RECTIFYING),
            by=by,
            action="evaluation_passed",
            data={"evaluation": ev.pk, "grade": ev.grade},
        )
    notify.send(
        lifecycle.applicant_users(base),
        f"绩效评价结果：{base.name} {ev.get_grade_display()}",
        url=ev.get_absolute_url(),
        dedupe_key=f"evaluation-filed:{ev.pk}",
    )
    return ev


def _file_reevaluation(ev: Evaluation, document_number: str, *, by: User) -> None:
    """The re-evaluation decides the rectification: qualified or better, the base is active again;
    still unqualified, its filing is revoked (Art. 9 整改后仍不合格的，撤销备案)."""
    R = Rectification.Status
    rect = Rectification.objects.select_for_update(of=("self",)).filter(reevaluation=ev).first()
    passed = ev.grade != Evaluation.Grade.UNQUALIFIED
    if rect is not None:
        Rectification.objects.filter(pk=rect.pk).update(
            status=R.PASSED if passed else R.FAILED, reevaluation_opinion=ev.review_opinion
        )
    if passed:
        lifecycle.move(
            ev.base,
            S.ACTIVE,
            expect=(S.RECTIFYING, S.UNDER_EVALUATION),
            by=by,
            action="rectification_passed",
            data={"evaluation": ev.pk, "grade": ev.grade, "document_number": document_number},
        )
    else:
        lifecycle.revoke(
            ev.base,
            reason=Revocation.Reason.RECTIFICATION_FAILED,
            document_number=document_number,
            evidence=f"整改后复评不合格。评价意见：{ev.review_opinion}",
            by=by,
        )


# --- rectification ----------------------------------------------------------------------------


@transaction.atomic
def submit_rectification(rect: Rectification, *, plan: str = "", report: str = "", by: User) -> Rectification:
    """The base submits its rectification plan, then its report."""
    require(
        lifecycle.applicant_users(rect.base).filter(pk=by.pk).exists(),
        "只有本基地建设运营单位可以提交整改材料",
    )
    R = Rectification.Status
    if plan.strip():
        n = Rectification.objects.filter(pk=rect.pk, status=R.OPEN).update(
            status=R.PLAN_SUBMITTED, plan=plan.strip()
        )
        action = "rectification_plan_submitted"
    elif report.strip():
        n = Rectification.objects.filter(pk=rect.pk, status__in=(R.OPEN, R.PLAN_SUBMITTED, R.DUE)).update(
            status=R.REPORT_SUBMITTED, report=report.strip()
        )
        action = "rectification_report_submitted"
    else:
        raise InvalidInput("plan", "请填写整改方案或整改报告")
    rect.refresh_from_db()
    if n == 0:
        raise InvalidInput("status", f"当前整改状态为「{rect.get_status_display()}」，不能提交")
    audit.record(rect.base, action, by=by, data={"rectification": rect.pk})
    return rect


REEVALUATION_WAITING = (Rectification.Status.REPORT_SUBMITTED, Rectification.Status.DUE)


@transaction.atomic
def start_reevaluation(rect: Rectification, *, report_deadline: date, by: User) -> Evaluation:
    """Art. 9: after its rectification report (or when the year is over) the base is evaluated again,
    as a real evaluation in a campaign of its own: indicators, evidence, the recommending unit's
    authenticity opinion, a grade, a public notice and a filed result. Qualified puts the base back
    to active; still unqualified revokes it (``file_result``)."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以组织复评")
    today = clock.today()
    if report_deadline <= today:
        raise InvalidInput("report_deadline", "复评自评报告截止日应晚于今天")
    rect = (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("base", "evaluation")
        .get(pk=rect.pk)
    )
    if rect.reevaluation_id:
        raise InvalidInput("status", "该整改已启动复评，不能重复启动")
    if rect.status not in REEVALUATION_WAITING:
        raise InvalidInput("status", f"当前整改状态为「{rect.get_status_display()}」，不能启动复评")
    base = rect.base
    campaign = EvaluationCampaign.objects.create(
        title=f"{base.name}整改后复评",
        notice_text=(
            f"依据限期整改通知（{rect.evaluation.result_document_number}），对该基地整改情况进行复评。"
            "请填报复评自评指标、提交自评报告并上传佐证材料。"
        ),
        as_of=today,
        report_deadline=report_deadline,
        indicator_set=[k for k, _label, _t in INDICATORS],
        opened_by=by,
    )
    ev = Evaluation.objects.create(
        campaign=campaign, base=base, is_reevaluation=True, added_reason="限期整改后复评"
    )
    rect.reevaluation = ev
    rect.save(update_fields=["reevaluation"])
    audit.record(campaign, "campaign_opened", by=by, data={"as_of": today, "bases": 1, "reevaluation": True})
    audit.record(
        base,
        "reevaluation_started",
        by=by,
        data={"rectification": rect.pk, "evaluation": ev.pk, "report_deadline": report_deadline},
    )
    notify.send(
        lifecycle.applicant_users(base),
        f"请提交整改后复评自评报告：{base.name}",
        f"截止 {report_deadline:%Y年%-m月%-d日}",
        url=ev.get_absolute_url(),
        dedupe_key=f"evaluation-open:{ev.pk}",
    )
    return ev


@transaction.atomic
def add_evidence(ev: Evaluation, *, upload, by: User) -> EvaluationEvidence:
    """The base's supporting files for its self-evaluation, checked by content as filing materials are."""
    from pilotbase.applications import materials

    require(permissions.can_self_evaluate(by, ev), "只有本基地建设运营单位可以上传佐证材料")
    if ev.status != E.AWAITING_REPORT:
        raise InvalidInput("evidence", "自评报告已提交，不能再上传佐证材料")
    with materials.stored_in_transaction(upload, field="evidence") as stored:
        item = EvaluationEvidence.objects.create(
            evaluation=ev,
            original_name=(getattr(upload, "name", "") or "佐证材料")[:200],
            stored_name=stored.stored_name,
            size=stored.size,
            sha256=stored.sha256,
            content_type=stored.content_type,
            uploaded_by=by,
        )
        audit.record(
            ev, "evaluation_evidence_added", by=by, data={"name": item.original_name, "sha256": item.sha256}
        )
    return item


def _check(n: int, ev: Evaluation, what: str) -> None:
    if n == 0:
        ev.refresh_from_db()
        raise InvalidInput("status", f"该评价当前状态为「{ev.get_status_display()}」，不能{what}")
    ev.refresh_from_db()
