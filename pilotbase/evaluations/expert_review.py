"""Art. 9(二) 兵团科技行政主管部门组织专家……对评价材料进行审核，必要时可现场核查.

The officer sends a forwarded evaluation to experts from the pool (conflicts of interest with the
base's operating organisation, host unit or recommending unit refused by ``experts.conflicts``);
each invited expert scores the self-evaluation against the performance-evaluation rubric and writes
an opinion; the officer sees the aggregate and grades as before. A site visit is recorded by the
officer with its minutes. Experts see only what they are invited to, and nothing once a conflict
exists; applicants never see experts or their scores."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from pilotbase.accounts import notify
from pilotbase.accounts.models import User
from pilotbase.accounts.permissions import NotVisible, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit import services as audit
from pilotbase.experts import conflicts, scoring
from pilotbase.experts import permissions as expert_permissions
from pilotbase.experts import services as expert_services
from pilotbase.experts.models import Expert, Rubric
from pilotbase.operations import clock

from . import permissions
from .models import Evaluation, EvaluationExpertReview, EvaluationSiteVisit

E = Evaluation.Status
R = EvaluationExpertReview.Status
STAGE = Rubric.Stage.PERFORMANCE_EVALUATION


def _key(name: str) -> str:
    # As the experts app matches organisations: by name, whitespace ignored.
    return "".join((name or "").split())


def party(ev: Evaluation) -> conflicts.ApplicationParty:
    """The base under evaluation as the conflict rules see a party: operator, host unit, recommending unit."""
    base = ev.base
    return conflicts.ApplicationParty(
        application_id=f"evaluation-{ev.pk}",
        applicant_id=_key(base.organisation.name),
        recommending_unit_id=_key(base.recommending_unit.name),
        host_unit_id=_key(base.host_unit.name) if base.host_unit_id else None,
        title=base.name,
    )


def conflicts_of(expert: Expert, ev: Evaluation, party_=None) -> list[conflicts.ConflictFinding]:
    return conflicts.detect(expert_services.profile(expert), party_ or party(ev), clock.today())


def _pool() -> QuerySet[Expert]:
    return (
        Expert.objects.filter(active=True)
        .prefetch_related("affiliations")
        .select_related("recommending_unit")
    )


def candidates(ev: Evaluation) -> list[tuple[Expert, list[conflicts.ConflictFinding]]]:
    """Every active expert not yet invited, with the conflicts that would refuse them, for the officer's form."""
    p = party(ev)
    return [(e, conflicts_of(e, ev, p)) for e in _pool().exclude(evaluation_reviews__evaluation=ev)]


def active_rubric() -> Rubric | None:
    return expert_services.active_rubric(STAGE)


# --- officer ----------------------------------------------------------------------------------


@transaction.atomic
def send_to_experts(ev: Evaluation, *, expert_ids, by: User) -> list[EvaluationExpertReview]:
    """The officer invites experts to review a forwarded evaluation's materials; a conflicted one is refused."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以组织专家审核评价材料")
    ev = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("base__organisation", "base__host_unit", "base__recommending_unit")
        .get(pk=ev.pk)
    )
    if ev.status != E.FORWARDED:
        raise InvalidInput("status", f"该评价当前状态为「{ev.get_status_display()}」，不能组织专家审核")
    if active_rubric() is None:
        raise InvalidInput("rubric", "尚未制定“绩效评价材料评审”环节的评价标准，请先在专家库中制定")
    try:
        ids = sorted({int(i) for i in expert_ids or []})
    except (TypeError, ValueError):
        raise InvalidInput("experts", "专家选择无效") from None
    if not ids:
        raise InvalidInput("experts", "请至少选择一位专家")
    experts = list(_pool().filter(pk__in=ids))
    if len(experts) != len(ids):
        raise InvalidInput("experts", "所选专家不在专家库中或已出库")
    p = party(ev)
    for expert in experts:
        found = conflicts_of(expert, ev, p)
        if found:
            raise InvalidInput("experts", f"专家{expert.name}须回避：{found[0].evidence}")
    made = []
    for expert in experts:
        review, created = EvaluationExpertReview.objects.get_or_create(
            evaluation=ev, expert=expert, defaults={"invited_by": by}
        )
        if not created:
            continue
        made.append(review)
        audit.record(
            review, "evaluation_review_invited", by=by, data={"evaluation": ev.pk, "expert": expert.pk}
        )
        if expert.user_id:
            notify.send(
                [expert.user],
                "绩效评价材料评审邀请",
                "请在“绩效评价材料评审”页面查看自评报告和佐证材料并评分。",
                url=review.get_absolute_url(),
                dedupe_key=f"evaluation-review:{review.pk}",
            )
    if not made:
        raise InvalidInput("experts", "所选专家均已受邀")
    # On the evaluation's own record without names: the base's timeline is shown to the base.
    audit.record(ev, "evaluation_sent_to_experts", by=by, data={"invited": len(made)})
    return made


def panel(ev: Evaluation) -> dict:
    """The reviews and their aggregate (experts.scoring.aggregate), for officers only."""
    reviews = list(ev.expert_reviews.select_related("expert").order_by("pk"))
    submitted = [r for r in reviews if r.status == R.SUBMITTED]
    result = scoring.aggregate(
        [
            scoring.ReviewScore(
                {k: Decimal(v) for k, v in r.scores.items()},
                Decimal(r.total),
                tuple(r.blocking),
                r.opinion,
                str(r.expert_id),
            )
            for r in submitted
        ]
    )
    return {
        "reviews": reviews,
        "aggregate": result,
        "figures": result.display(),
        "pending": len(reviews) - len(submitted),
        "blocking": [(submitted[i], code) for i, code in result.blocking],
    }


@transaction.atomic
def record_site_visit(
    ev: Evaluation, *, visited_on: date, members: str, findings: str, minutes, by: User
) -> EvaluationSiteVisit:
    """必要时可现场核查: the officer records the visit with its signed minutes."""
    from pilotbase.applications import materials

    require(permissions.can_manage(by), "只有兵团科技局工作人员可以登记现场核查")
    if ev.status not in (E.SUBMITTED, E.FORWARDED):
        raise InvalidInput("status", f"该评价当前状态为「{ev.get_status_display()}」，不能登记现场核查")
    if visited_on > clock.today():
        raise InvalidInput("visited_on", "核查日期不能晚于今天")
    members, findings = (members or "").strip(), (findings or "").strip()
    if not members:
        raise InvalidInput("members", "请填写核查组成员")
    if len(findings) < 4:
        raise InvalidInput("findings", "请填写核查结论")
    if minutes is None:
        raise InvalidInput("minutes", "请上传现场核查纪要")
    with materials.stored_in_transaction(minutes, field="minutes") as stored:
        visit = EvaluationSiteVisit.objects.create(
            evaluation=ev,
            visited_on=visited_on,
            members=members,
            findings=findings,
            minutes_name=(getattr(minutes, "name", "") or "现场核查纪要")[:200],
            stored_name=stored.stored_name,
            size=stored.size,
            sha256=stored.sha256,
            content_type=stored.content_type,
            recorded_by=by,
        )
        audit.record(
            ev,
            "evaluation_site_visit_recorded",
            by=by,
            data={"site_visit": visit.pk, "visited_on": visited_on, "sha256": visit.sha256},
        )
    return visit


# --- expert -----------------------------------------------------------------------------------


def visible_reviews(user: User) -> list[EvaluationExpertReview]:
    """The evaluation reviews ``user`` is invited to, on a forwarded evaluation, without a conflict."""
    expert = expert_permissions.expert_of(user)
    if expert is None:
        return []
    rows = list(
        EvaluationExpertReview.objects.filter(expert=expert, evaluation__status=E.FORWARDED)
        .select_related(
            "evaluation__campaign",
            "evaluation__base__organisation",
            "evaluation__base__host_unit",
            "evaluation__base__recommending_unit",
        )
        .order_by("-pk")
    )
    if not rows:
        return []
    expert = (
        Expert.objects.prefetch_related("affiliations").select_related("recommending_unit").get(pk=expert.pk)
    )
    prof = expert_services.profile(expert)
    today = clock.today()
    return [r for r in rows if not conflicts.detect(prof, party(r.evaluation), today)]


def get_review_for(user: User, pk) -> EvaluationExpertReview:
    for review in visible_reviews(user):
        if review.pk == int(pk):
            return review
    raise NotVisible("evaluation_review", pk)


@transaction.atomic
def submit_review(
    review: EvaluationExpertReview, *, scores: dict, opinion: str, by: User
) -> EvaluationExpertReview:
    """The invited expert scores each criterion and writes an opinion; may revise until grading."""
    review = get_review_for(by, review.pk)
    rubric = active_rubric()
    if rubric is None:
        raise InvalidInput("rubric", "兵团科技局尚未制定绩效评价材料评审的评价标准")
    opinion = (opinion or "").strip()
    if not opinion:
        raise InvalidInput("opinion", "请填写评审意见")
    try:
        scored = scoring.score_review(expert_services.to_rubric(rubric), scores, opinion=opinion)
    except scoring.ScoreError as exc:
        raise InvalidInput(f"scores.{exc.criterion}" if exc.criterion else "scores", str(exc)) from exc
    n = EvaluationExpertReview.objects.filter(pk=review.pk, evaluation__status=E.FORWARDED).update(
        status=R.SUBMITTED,
        rubric=rubric,
        scores={k: str(v) for k, v in scored.scores.items()},
        total=scored.total,
        blocking=list(scored.blocking),
        opinion=opinion,
        submitted_at=timezone.now(),
    )
    if n == 0:
        raise InvalidInput("status", "该评价已评定等次，不能再提交评审意见")
    review.refresh_from_db()
    audit.record(
        review,
        "evaluation_review_submitted",
        by=by,
        data={"evaluation": review.evaluation_id, "total": str(scored.total)},
    )
    return review
