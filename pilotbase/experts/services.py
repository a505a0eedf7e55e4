"""Every write of expert review (Art. 8(二), 9(二)): pool, conflicts, assignment, scoring.

Each function checks who acts, writes in one transaction and leaves an audit row. The pure
cores (``conflicts``, ``assignment``, ``scoring``) decide; this module feeds them and stores."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pilotbase.accounts import notify
from pilotbase.accounts.models import User
from pilotbase.accounts.permissions import require
from pilotbase.accounts.services import InvalidInput
from pilotbase.applications import services as filing
from pilotbase.applications.models import Application
from pilotbase.audit import services as audit
from pilotbase.operations import clock
from pilotbase.rules import INDUSTRY_CHAINS
from pilotbase.rules.codes import ETHICS_FIELDS

from . import assignment, conflicts, permissions, scoring
from .models import (
    AssignmentRound,
    Conflict,
    Expert,
    ExpertAffiliation,
    Invitation,
    Review,
    Rubric,
)

S = Application.Status


def field_label(code: str) -> str:
    return ETHICS_FIELDS.get(code, code)


def chain_label(code: str) -> str:
    return INDUSTRY_CHAINS.label(code) if code in INDUSTRY_CHAINS.codes else code


# --- facts for the pure cores ---------------------------------------------------------------


def _key(name: str) -> str:
    # Organisations are matched by name: co-builders are recorded by name only.
    return "".join((name or "").split())


def party(application: Application) -> conflicts.ApplicationParty:
    unit = application.organisation.recommending_unit
    return conflicts.ApplicationParty(
        application_id=str(application.pk),
        applicant_id=_key(application.organisation.name),
        recommending_unit_id=_key(unit.name) if unit else "",
        host_unit_id=_key(application.host_unit.name) if application.host_unit_id else None,
        co_builder_ids=tuple(_key(n) for n in application.co_builders or [] if isinstance(n, str)),
        title=application.name,
    )


def profile(expert: Expert) -> conflicts.ExpertProfile:
    jobs, ties = [], []
    for a in expert.affiliations.all():
        if a.relation == ExpertAffiliation.Relation.EMPLOYMENT:
            jobs.append(conflicts.Employment(_key(a.organisation_name), a.start or clock.today(), a.end))
        else:
            ties.append(
                conflicts.DeclaredTie(
                    _key(a.organisation_name),
                    a.note or a.get_relation_display(),
                    conflicts.TieKind(a.relation),
                )
            )
    # The current employer counts even when no affiliation row was entered.
    if expert.organisation_name and not any(
        j.end is None and j.org_id == _key(expert.organisation_name) for j in jobs
    ):
        jobs.append(conflicts.Employment(_key(expert.organisation_name), clock.today()))
    return conflicts.ExpertProfile(
        id=str(expert.pk),
        employments=tuple(jobs),
        ties=tuple(ties),
        name=expert.name,
        recommending_unit_id=_key(expert.recommending_unit.name) if expert.recommending_unit_id else None,
    )


def topic(application: Application) -> assignment.ApplicationTopic:
    facts = application.facts or {}
    return assignment.ApplicationTopic(
        id=str(application.pk),
        title=application.name,
        fields=frozenset((facts.get("ethics") or {}).get("fields") or []),
        chains=frozenset((facts.get("industry") or {}).get("chains") or []),
    )


def candidate(expert: Expert, today) -> assignment.ExpertCandidate:
    return assignment.ExpertCandidate(
        id=str(expert.pk),
        types=frozenset(expert.types),
        fields=frozenset(expert.fields),
        chains=frozenset(expert.chains),
        available=expert.available_on(today),
        name=expert.name,
    )


def match_reasons(application: Application, expert: Expert) -> str:
    t = topic(application)
    parts = [expert.type_labels()]
    shared_fields = sorted(t.fields & set(expert.fields))
    shared_chains = sorted(t.chains & set(expert.chains))
    if shared_fields:
        parts.append("学科领域相同：" + "、".join(field_label(c) for c in shared_fields))
    if shared_chains:
        parts.append("熟悉产业链：" + "、".join(chain_label(c) for c in shared_chains))
    if not (shared_fields or shared_chains):
        parts.append("无领域重合，按专家类型入组")
    return "；".join(parts)


# --- conflicts ------------------------------------------------------------------------------


@transaction.atomic
def detect_conflicts(applications: Iterable[Application], experts: Iterable[Expert] | None = None) -> int:
    """Store what ``conflicts.detect`` finds; a finding an officer cleared stays cleared."""
    apps = list(applications)
    pool = list(
        experts
        if experts is not None
        else Expert.objects.prefetch_related("affiliations").select_related("recommending_unit")
    )
    today = clock.today()
    existing = {
        (c.expert_id, c.application_id, c.kind, c.subject): c
        for c in Conflict.objects.filter(application__in=apps, source=Conflict.Source.AUTO)
    }
    created = 0
    profiles = [(e, profile(e)) for e in pool]
    for application in apps:
        p = party(application)
        for expert, prof in profiles:
            for finding in conflicts.detect(prof, p, today):
                key = (expert.pk, application.pk, str(finding.kind), finding.org_id or "")
                row = existing.get(key)
                if row is None:
                    Conflict.objects.create(
                        expert=expert,
                        application=application,
                        kind=finding.kind,
                        subject=finding.org_id or "",
                        evidence=finding.evidence,
                        source=Conflict.Source.AUTO,
                    )
                    created += 1
                elif row.evidence != finding.evidence:
                    Conflict.objects.filter(pk=row.pk).update(evidence=finding.evidence)
    return created


def _withdraw_for_conflict(expert: Expert, application: Application, by: User | None) -> None:
    for invitation in Invitation.objects.filter(
        expert=expert, application=application, status__in=Invitation.ACTIVE
    ):
        Invitation.objects.filter(pk=invitation.pk).update(status=Invitation.Status.WITHDRAWN)
        audit.record(
            invitation, "invitation_withdrawn_for_conflict", by=by, data={"application": application.pk}
        )


@transaction.atomic
def add_conflict(expert: Expert, application: Application, *, evidence: str, by: User) -> Conflict:
    """An officer records a conflict the rules did not see; it always binds."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以登记回避")
    if not evidence.strip():
        raise InvalidInput("evidence", "请填写回避依据")
    conflict, _ = Conflict.objects.get_or_create(
        expert=expert,
        application=application,
        kind=Conflict.Kind.OFFICER,
        subject=f"officer-{by.pk}",
        defaults={
            "evidence": f"经办人认定：{evidence.strip()}",
            "source": Conflict.Source.OFFICER,
            "created_by": by,
        },
    )
    _withdraw_for_conflict(expert, application, by)
    audit.record(
        conflict,
        "conflict_added",
        by=by,
        data={"expert": expert.pk, "application": application.pk, "evidence": evidence.strip()},
    )
    return conflict


@transaction.atomic
def clear_conflict(conflict: Conflict, *, reason: str, by: User) -> Conflict:
    """An officer decides an automatic finding does not apply; the reason is mandatory."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以撤销回避")
    if not reason.strip():
        raise InvalidInput("reason", "撤销回避须说明理由")
    if conflict.source != Conflict.Source.AUTO:
        raise InvalidInput("conflict", "本人声明或经办人认定的回避不能撤销")
    updated = Conflict.objects.filter(pk=conflict.pk, cleared=False).update(
        cleared=True, cleared_reason=reason.strip(), cleared_by=by
    )
    if not updated:
        raise InvalidInput("conflict", "该回避已被撤销")
    conflict.refresh_from_db()
    audit.record(
        conflict, "conflict_cleared", by=by, data={"reason": reason.strip(), "evidence": conflict.evidence}
    )
    return conflict


# --- assignment -----------------------------------------------------------------------------


def _int(value, field: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(field, f"应为 {low}–{high} 的整数") from None
    if not low <= number <= high:
        raise InvalidInput(field, f"应为 {low}–{high} 的整数")
    return number


@transaction.atomic
def create_round(
    application_ids: list, *, panel_size, load_cap, review_date=None, by: User
) -> AssignmentRound:
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以分配专家")
    panel_size = _int(panel_size, "panel_size", 1, 15)
    load_cap = _int(load_cap, "load_cap", 1, 50)
    if review_date is not None and review_date < clock.today():
        raise InvalidInput("review_date", "评审日期不能早于今天")
    apps = list(Application.objects.filter(pk__in=application_ids, status=S.EXPERT_EVALUATION))
    if not apps:
        raise InvalidInput("applications", "请至少选择一个专家评估论证中的申报")
    if len(apps) != len(set(application_ids)):
        raise InvalidInput("applications", "所选申报中有不处于专家评估论证状态的")
    # Experts already accepted for an application stay on its panel.
    pinned = [
        [str(a), str(e)]
        for a, e in Invitation.objects.filter(
            application__in=apps, status=Invitation.Status.ACCEPTED
        ).values_list("application_id", "expert_id")
    ]
    excluded = [
        [str(a), str(e)]
        for a, e in Invitation.objects.filter(
            application__in=apps, status=Invitation.Status.DECLINED
        ).values_list("application_id", "expert_id")
    ]
    r = AssignmentRound.objects.create(
        panel_size=panel_size,
        load_cap=load_cap,
        review_date=review_date,
        created_by=by,
        pinned=pinned,
        excluded=excluded,
    )
    r.applications.set(apps)
    audit.record(
        r,
        "assignment_round_created",
        by=by,
        data={
            "applications": [a.pk for a in apps],
            "panel_size": panel_size,
            "load_cap": load_cap,
            "review_date": review_date.isoformat() if review_date else "",
        },
    )
    return solve_round(r, by=by)


@transaction.atomic
def solve_round(r: AssignmentRound, *, by: User) -> AssignmentRound:
    """Run the MILP on the current pool, conflicts, pins and exclusions; store the proposal."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以分配专家")
    if r.status != AssignmentRound.Status.DRAFT:
        raise InvalidInput("round", "该分配已保存并发出邀请")
    apps = list(r.applications.select_related("organisation__recommending_unit", "host_unit"))
    pool = list(
        Expert.objects.filter(active=True)
        .prefetch_related("affiliations")
        .select_related("recommending_unit")
    )
    detect_conflicts(apps, pool)
    pairs = {
        (str(a), str(e))
        for a, e in Conflict.objects.filter(application__in=apps, cleared=False).values_list(
            "application_id", "expert_id"
        )
    }
    # Availability is judged on the day the panels meet, not the day the officer solves.
    today = r.review_date or clock.today()
    known = {str(e.pk) for e in pool}
    pinned = {tuple(p) for p in r.pinned if p[1] in known}
    try:
        result = assignment.solve(
            [topic(a) for a in apps],
            [candidate(e, today) for e in pool],
            pairs,
            panel_size=r.panel_size,
            load_cap=r.load_cap,
            pinned=pinned,
            excluded={tuple(p) for p in r.excluded},
            time_limit_s=20,
        )
    except ValueError as exc:
        raise InvalidInput("round", f"分配参数有误：{exc}") from exc
    by_id = {str(e.pk): e for e in pool}
    app_by_id = {str(a.pk): a for a in apps}
    panels = {
        app_id: [
            {"expert": int(eid), "reasons": match_reasons(app_by_id[app_id], by_id[eid])} for eid in members
        ]
        for app_id, members in result.panels.items()
    }
    r.result = {
        "status": result.status,
        "panels": panels,
        "reasons": result.reasons,
        "objective": result.objective,
        "bound": result.bound,
        "seconds": round(result.solve_seconds, 3),
    }
    r.save(update_fields=["result"])
    audit.record(
        r,
        "assignment_solved",
        by=by,
        data={"status": result.status, "objective": result.objective, "reasons": result.reasons},
    )
    return r


@transaction.atomic
def pin_or_exclude(
    r: AssignmentRound, *, application_id, expert_id, action: str, by: User
) -> AssignmentRound:
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以分配专家")
    pair = [str(application_id), str(expert_id)]
    if (
        not r.applications.filter(pk=application_id).exists()
        or not Expert.objects.filter(pk=expert_id).exists()
    ):
        raise InvalidInput("expert", "申报或专家不在本次分配中")
    pinned = [p for p in r.pinned if p != pair]
    excluded = [p for p in r.excluded if p != pair]
    if action == "pin":
        pinned.append(pair)
    elif action == "exclude":
        excluded.append(pair)
    elif action != "release":
        raise InvalidInput("action", "操作应为 pin、exclude 或 release")
    r.pinned, r.excluded = pinned, excluded
    r.save(update_fields=["pinned", "excluded"])
    audit.record(r, f"assignment_{action}", by=by, data={"application": pair[0], "expert": pair[1]})
    return solve_round(r, by=by)


@transaction.atomic
def save_round(r: AssignmentRound, *, by: User) -> list[Invitation]:
    """Turn the proposal into invitations; experts dropped from a panel are withdrawn."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以分配专家")
    updated = AssignmentRound.objects.filter(pk=r.pk, status=AssignmentRound.Status.DRAFT).update(
        status=AssignmentRound.Status.SAVED
    )
    if not updated:
        raise InvalidInput("round", "该分配已保存")
    if r.result.get("status") not in ("optimal", "feasible"):
        raise InvalidInput("round", "当前没有可行的分配方案，不能保存")
    invitations: list[Invitation] = []
    apps = {a.pk: a for a in r.applications.all()}
    for app_id, members in r.result["panels"].items():
        application = apps[int(app_id)]
        chosen = {m["expert"] for m in members}
        for stale in Invitation.objects.filter(application=application, status__in=Invitation.ACTIVE).exclude(
            expert_id__in=chosen
        ):
            Invitation.objects.filter(pk=stale.pk).update(status=Invitation.Status.WITHDRAWN)
            audit.record(stale, "invitation_withdrawn", by=by, data={"round": r.pk})
        for m in members:
            # A conflict found after solving still wins: never invite a conflicted pair.
            if Conflict.objects.filter(
                expert_id=m["expert"], application=application, cleared=False
            ).exists():
                raise InvalidInput("round", "方案中有专家与申报存在回避关系，请重新求解")
            invitation, created = Invitation.objects.get_or_create(
                application=application,
                expert_id=m["expert"],
                defaults={"round": r, "match_reasons": m["reasons"]},
            )
            if not created and invitation.status in (Invitation.Status.DECLINED, Invitation.Status.WITHDRAWN):
                Invitation.objects.filter(pk=invitation.pk).update(
                    status=Invitation.Status.INVITED, round=r, match_reasons=m["reasons"], responded_at=None
                )
                invitation.refresh_from_db()
                created = True
            if created:
                audit.record(invitation, "invitation_sent", by=by, data={"round": r.pk})
                if invitation.expert.user_id:
                    notify.send(
                        [invitation.expert.user],
                        "评审邀请：请确认是否参加评估论证",
                        "请在专家评审工作台确认，并声明是否存在需要回避的情形。",
                        url=reverse("experts:assignment_detail", args=[invitation.pk]),
                        dedupe_key=f"invitation:{invitation.pk}:{r.pk}",
                    )
            invitations.append(invitation)
    audit.record(r, "assignment_saved", by=by, data={"invitations": [i.pk for i in invitations]})
    return invitations


@transaction.atomic
def respond(
    invitation: Invitation, *, accept: bool, conflict_note: str = "", reason: str = "", by: User
) -> Invitation:
    """The invited expert accepts or declines; declaring a conflict always declines."""
    require(invitation.expert.user_id == by.pk, "只能答复本人收到的邀请")
    conflict_note = (conflict_note or "").strip()
    if invitation.status != Invitation.Status.INVITED:
        raise InvalidInput("status", "该邀请已答复")
    if conflict_note:
        accept = False
        Conflict.objects.get_or_create(
            expert=invitation.expert,
            application=invitation.application,
            kind=Conflict.Kind.SELF_DECLARED,
            subject="",
            defaults={
                "evidence": f"受邀时本人声明回避：{conflict_note}",
                "source": Conflict.Source.EXPERT,
                "created_by": by,
            },
        )
    elif not accept and not (reason or "").strip():
        raise InvalidInput("reason", "谢绝邀请请说明理由")
    status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.INVITED).update(
        status=status, responded_at=timezone.now(), decline_reason=(reason or conflict_note).strip()
    )
    invitation.refresh_from_db()
    audit.record(
        invitation,
        "invitation_" + status,
        by=by,
        data={"conflict_declared": bool(conflict_note), "reason": (reason or conflict_note).strip()},
    )
    officers = User.objects.filter(role="officer", is_active=True)
    if not accept:
        notify.send(
            officers,
            f"专家谢绝评审邀请：{invitation.application}",
            "请为该申报重新分配专家。",
            url=reverse("experts:round_new"),
            dedupe_key=f"invitation-declined:{invitation.pk}",
        )
    return invitation


# --- scoring --------------------------------------------------------------------------------


def to_rubric(rubric: Rubric) -> scoring.Rubric:
    try:
        return scoring.Rubric(
            tuple(
                scoring.Criterion(
                    code=str(c.get("code", "")),
                    label=str(c.get("label", "")),
                    weight=c.get("weight"),
                    min=c.get("min"),
                    max=c.get("max"),
                    blocking_below=c.get("blocking_below") or None,
                )
                for c in rubric.criteria
            ),
            title=rubric.title,
        )
    except scoring.RubricError as exc:
        raise InvalidInput("criteria", str(exc)) from exc


def active_rubric(stage: str = Rubric.Stage.EXPERT_EVALUATION) -> Rubric | None:
    return Rubric.objects.filter(stage=stage, active=True).order_by("-pk").first()


@transaction.atomic
def create_rubric(*, stage: str, title: str, criteria: list[dict], by: User) -> Rubric:
    """评价标准 for a review stage; the new one replaces the stage's active one."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以制定评价标准")
    if stage not in Rubric.Stage.values:
        raise InvalidInput("stage", "未知的评审环节")
    if not title.strip():
        raise InvalidInput("title", "请填写评价标准名称")
    draft = Rubric(stage=stage, title=title.strip(), criteria=criteria, created_by=by)
    try:
        scoring.validate_rubric(to_rubric(draft))
    except scoring.RubricError as exc:
        raise InvalidInput("criteria", str(exc)) from exc
    Rubric.objects.filter(stage=stage, active=True).update(active=False)
    draft.save()
    audit.record(draft, "rubric_created", by=by, data={"stage": stage, "criteria": criteria})
    return draft


@transaction.atomic
def submit_review(invitation: Invitation, *, scores: dict, opinion: str, by: User) -> Review:
    """An accepted expert scores each criterion and writes an opinion (may revise until closed)."""
    require(invitation.expert.user_id == by.pk, "只能提交本人的评审意见")
    if invitation.status != Invitation.Status.ACCEPTED:
        raise InvalidInput("status", "请先接受评审邀请")
    rubric = active_rubric()
    if rubric is None:
        raise InvalidInput("rubric", "兵团科技局尚未制定评价标准")
    if not opinion.strip():
        raise InvalidInput("opinion", "请填写评审意见")
    try:
        scored = scoring.score_review(to_rubric(rubric), scores, opinion=opinion.strip())
    except scoring.ScoreError as exc:
        raise InvalidInput(f"scores.{exc.criterion}" if exc.criterion else "scores", str(exc)) from exc
    review, _ = Review.objects.update_or_create(
        invitation=invitation,
        defaults={
            "rubric": rubric,
            "scores": {k: str(v) for k, v in scored.scores.items()},
            "total": scored.total,
            "blocking": list(scored.blocking),
            "opinion": opinion.strip(),
        },
    )
    audit.record(
        review,
        "review_submitted",
        by=by,
        data={"total": str(scored.total), "application": invitation.application_id},
    )
    return review


def panel(application: Application) -> dict:
    """The aggregate of a panel, for officers only."""
    reviews = list(
        Review.objects.filter(
            invitation__application=application, invitation__status=Invitation.Status.ACCEPTED
        )
        .select_related("invitation__expert", "rubric")
        .order_by("pk")
    )
    scored = [
        scoring.ReviewScore(
            {k: Decimal(v) for k, v in r.scores.items()},
            Decimal(r.total),
            tuple(r.blocking),
            r.opinion,
            str(r.invitation.expert_id),
        )
        for r in reviews
    ]
    result = scoring.aggregate(scored)
    invitations = list(
        Invitation.objects.filter(application=application).select_related("expert").order_by("pk")
    )
    return {
        "reviews": reviews,
        "aggregate": result,
        "figures": result.display(),
        "invitations": invitations,
        "blocking": [(reviews[i], code) for i, code in result.blocking],
    }


def record_panel_opinion(application: Application, *, score, opinion: str, by: User) -> Application:
    """The officer records the panel's consolidated result through the filing workflow's seam."""
    require(permissions.can_manage(by), "只有兵团科技局工作人员可以登记专家组综合意见")
    with transaction.atomic():
        application = filing.record_consolidated_opinion(application, score, opinion, by)
        audit.record(application, "panel_opinion_recorded", by=by, data={"score": str(score)})
    return application
