"""Conflicts of interest (回避 / 利益冲突) between experts and applications.

Article 8(二) has the bureau organise technical, management and financial experts to evaluate
each application, and Article 9(二) has experts review evaluation materials; neither review is
fair when the expert works for, or is tied to, the party under review.  This module turns the
facts about an expert and an application into typed findings with Chinese evidence, and merges
them with what a programme officer adds or clears by hand.  Pure Python: the Django layer feeds
it facts and stores the effective set.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "EMPLOYMENT_LOOKBACK_YEARS",
    "ApplicationParty",
    "ClearedFinding",
    "ConflictFinding",
    "ConflictKind",
    "DeclaredTie",
    "EffectiveConflicts",
    "Employment",
    "ExpertProfile",
    "OfficerClearance",
    "OfficerConflict",
    "SelfDeclaration",
    "TieKind",
    "detect",
    "effective_conflicts",
    "employment_cutoff",
]

# An expert who left a party within the last three years still counts as conflicted.
EMPLOYMENT_LOOKBACK_YEARS = 3


class ConflictKind(StrEnum):
    EMPLOYMENT = "employment"
    RECOMMENDING_UNIT = "recommending_unit"
    DECLARED_TIE = "declared_tie"
    SELF_DECLARED = "self_declared"
    # A conflict an officer records by hand that none of the automatic rules saw.
    OFFICER = "officer"


class TieKind(StrEnum):
    PERSONAL = "personal"
    COLLABORATION = "collaboration"


TIE_LABELS = {TieKind.PERSONAL: "亲属或其他个人关系", TieKind.COLLABORATION: "合作关系"}


@dataclass(frozen=True)
class Employment:
    """A period during which the expert worked at an organisation; ``end`` None means still there."""

    org_id: str
    start: date
    end: date | None = None


@dataclass(frozen=True)
class DeclaredTie:
    """A tie to an organisation that the expert declared when joining the pool."""

    org_id: str
    note: str
    kind: TieKind = TieKind.COLLABORATION


@dataclass(frozen=True)
class ExpertProfile:
    id: str
    employments: tuple[Employment, ...] = ()
    recommending_unit_id: str | None = None
    ties: tuple[DeclaredTie, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class ApplicationParty:
    """The organisations behind one application (申报单位、依托单位、共建单位、推荐单位)."""

    application_id: str
    applicant_id: str
    recommending_unit_id: str
    host_unit_id: str | None = None
    co_builder_ids: tuple[str, ...] = ()
    title: str = ""

    def roles(self) -> dict[str, list[str]]:
        """Organisation id -> the Chinese role labels it holds in this application."""
        roles: dict[str, list[str]] = {}
        roles.setdefault(self.applicant_id, []).append("申报单位")
        if self.host_unit_id:
            roles.setdefault(self.host_unit_id, []).append("依托单位")
        for org_id in self.co_builder_ids:
            roles.setdefault(org_id, []).append("共建单位")
        return roles


@dataclass(frozen=True)
class SelfDeclaration:
    """An expert's own statement, when invited, that they should step aside for an application."""

    expert_id: str
    application_id: str
    note: str


@dataclass(frozen=True)
class ConflictFinding:
    expert_id: str
    application_id: str
    kind: ConflictKind
    evidence: str
    org_id: str | None = None

    @property
    def pair(self) -> tuple[str, str]:
        """(application id, expert id), the key that assignment uses."""
        return (self.application_id, self.expert_id)


def _years_before(day: date, years: int) -> date:
    # Calendar years, not 365-day blocks; 29 February maps to 28 February, as spec/eligibility.md
    # does for 满两年 (no corresponding day: the month's last day).
    year = day.year - years
    last = calendar.monthrange(year, day.month)[1]
    return date(year, day.month, min(day.day, last))


def employment_cutoff(today: date) -> date:
    """The earliest leaving date that still counts: 近三年内 includes the day exactly three years back."""
    return _years_before(today, EMPLOYMENT_LOOKBACK_YEARS)


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _org_label(org_id: str, names: Mapping[str, str]) -> str:
    return names.get(org_id, org_id)


def detect(
    expert: ExpertProfile,
    application: ApplicationParty,
    today: date,
    *,
    self_declarations: Iterable[SelfDeclaration] = (),
    names: Mapping[str, str] | None = None,
) -> list[ConflictFinding]:
    """Every automatic reason why ``expert`` must step aside from ``application`` (Art. 8(二), 9(二)).

    ``names`` maps organisation ids to names for the evidence text; ids are shown when absent.
    Returns an empty list when there is no conflict.
    """
    names = names or {}
    findings: list[ConflictFinding] = []
    roles = application.roles()
    cutoff = employment_cutoff(today)

    def add(kind: ConflictKind, evidence: str, org_id: str | None = None) -> None:
        findings.append(ConflictFinding(expert.id, application.application_id, kind, evidence, org_id))

    for job in expert.employments:
        if job.org_id not in roles:
            continue
        role = "、".join(roles[job.org_id])
        org = _org_label(job.org_id, names)
        if job.end is None or job.end > today:
            add(ConflictKind.EMPLOYMENT, f"{_month(job.start)} 至今任职于 {org}（{role}）", job.org_id)
        elif job.end >= cutoff:
            add(
                ConflictKind.EMPLOYMENT,
                f"{_month(job.start)} 至 {job.end.isoformat()} 任职于 {org}（{role}），离职未满三年",
                job.org_id,
            )

    if expert.recommending_unit_id and expert.recommending_unit_id == application.recommending_unit_id:
        unit = _org_label(expert.recommending_unit_id, names)
        add(
            ConflictKind.RECOMMENDING_UNIT,
            f"所在单位 {unit} 是本申报书的推荐单位",
            expert.recommending_unit_id,
        )

    for tie in expert.ties:
        if tie.org_id not in roles:
            continue
        role = "、".join(roles[tie.org_id])
        org = _org_label(tie.org_id, names)
        add(
            ConflictKind.DECLARED_TIE,
            f"声明与 {org}（{role}）存在{TIE_LABELS[TieKind(tie.kind)]}：{tie.note}",
            tie.org_id,
        )

    for declaration in self_declarations:
        if declaration.expert_id == expert.id and declaration.application_id == application.application_id:
            add(ConflictKind.SELF_DECLARED, f"受邀时本人声明回避：{declaration.note}")

    return findings


@dataclass(frozen=True)
class OfficerConflict:
    """A conflict a programme officer records by hand, with the evidence they saw."""

    expert_id: str
    application_id: str
    evidence: str
    kind: ConflictKind = ConflictKind.OFFICER


@dataclass(frozen=True)
class OfficerClearance:
    """An officer's decision that an automatic finding does not apply; the reason is mandatory.

    ``kind`` None clears every automatic finding for the pair; otherwise only findings of that kind.
    """

    expert_id: str
    application_id: str
    reason: str
    kind: ConflictKind | None = None


@dataclass(frozen=True)
class ClearedFinding:
    finding: ConflictFinding
    reason: str


@dataclass(frozen=True)
class EffectiveConflicts:
    findings: tuple[ConflictFinding, ...]
    cleared: tuple[ClearedFinding, ...] = field(default=())

    def pairs(self) -> frozenset[tuple[str, str]]:
        """(application id, expert id) pairs that assignment must never use."""
        return frozenset(f.pair for f in self.findings)

    def for_pair(self, application_id: str, expert_id: str) -> list[ConflictFinding]:
        return [f for f in self.findings if f.pair == (application_id, expert_id)]


def effective_conflicts(
    automatic: Iterable[ConflictFinding],
    *,
    added: Iterable[OfficerConflict] = (),
    cleared: Iterable[OfficerClearance] = (),
) -> EffectiveConflicts:
    """Merge automatic findings with an officer's additions and clearances into the set that binds.

    Officer-added conflicts always bind: clearing is for findings a rule produced wrongly, not
    for overruling an officer.  A self-declared conflict cannot be cleared either, because the
    expert has said they cannot judge impartially.  Raises ``ValueError`` for a clearance without
    a reason or one aimed at a self-declared conflict.
    """
    clearances = list(cleared)
    for clearance in clearances:
        if not clearance.reason.strip():
            raise ValueError(
                f"撤销专家 {clearance.expert_id} 与申报书 {clearance.application_id} 的回避须说明理由"
            )
        if clearance.kind == ConflictKind.SELF_DECLARED:
            raise ValueError(f"专家 {clearance.expert_id} 本人声明的回避不能由经办人撤销")

    def clearance_for(finding: ConflictFinding) -> OfficerClearance | None:
        if finding.kind == ConflictKind.SELF_DECLARED:
            return None
        for clearance in clearances:
            if (clearance.application_id, clearance.expert_id) == finding.pair and clearance.kind in (
                None,
                finding.kind,
            ):
                return clearance
        return None

    kept: list[ConflictFinding] = []
    dropped: list[ClearedFinding] = []
    for finding in automatic:
        clearance = clearance_for(finding)
        if clearance is None:
            kept.append(finding)
        else:
            dropped.append(ClearedFinding(finding, clearance.reason.strip()))
    for manual in added:
        kept.append(
            ConflictFinding(
                manual.expert_id,
                manual.application_id,
                ConflictKind(manual.kind),
                f"经办人认定：{manual.evidence}",
            )
        )
    return EffectiveConflicts(tuple(kept), tuple(dropped))
