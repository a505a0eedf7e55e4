from datetime import date

import pytest

from pilotbase.experts.conflicts import (
    ApplicationParty,
    ConflictKind,
    DeclaredTie,
    Employment,
    ExpertProfile,
    OfficerClearance,
    OfficerConflict,
    SelfDeclaration,
    TieKind,
    detect,
    effective_conflicts,
    employment_cutoff,
)

TODAY = date(2026, 3, 1)
NAMES = {
    "acme": "新疆棉纺科技有限公司",
    "host": "石河子大学",
    "partner": "天业化工",
    "div8": "第八师石河子市",
}
APPLICATION = ApplicationParty(
    application_id="app-1",
    applicant_id="acme",
    recommending_unit_id="div8",
    host_unit_id="host",
    co_builder_ids=("partner",),
    title="棉纺中试基地",
)


def kinds(findings):
    return [f.kind for f in findings]


def test_current_employment_at_the_applicant_is_a_conflict_with_chinese_evidence():
    expert = ExpertProfile("e1", (Employment("acme", date(2024, 3, 15)),))
    [finding] = detect(expert, APPLICATION, TODAY, names=NAMES)
    assert finding.kind == ConflictKind.EMPLOYMENT
    assert finding.evidence == "2024-03 至今任职于 新疆棉纺科技有限公司（申报单位）"
    assert finding.pair == ("app-1", "e1")


@pytest.mark.parametrize(("org", "role"), [("host", "依托单位"), ("partner", "共建单位")])
def test_employment_at_host_unit_or_co_builder_is_a_conflict(org, role):
    expert = ExpertProfile("e1", (Employment(org, date(2020, 1, 1)),))
    [finding] = detect(expert, APPLICATION, TODAY, names=NAMES)
    assert role in finding.evidence


def test_left_exactly_three_years_ago_still_counts():
    expert = ExpertProfile("e1", (Employment("acme", date(2015, 1, 1), date(2023, 3, 1)),))
    [finding] = detect(expert, APPLICATION, TODAY, names=NAMES)
    assert finding.kind == ConflictKind.EMPLOYMENT
    assert "2023-03-01" in finding.evidence
    assert "离职未满三年" in finding.evidence


def test_left_three_years_and_one_day_ago_does_not_count():
    expert = ExpertProfile("e1", (Employment("acme", date(2015, 1, 1), date(2023, 2, 28)),))
    assert detect(expert, APPLICATION, TODAY) == []


def test_three_years_back_from_29_february_is_28_february():
    assert employment_cutoff(date(2028, 2, 29)) == date(2025, 2, 28)
    left = ExpertProfile("e1", (Employment("acme", date(2015, 1, 1), date(2025, 2, 28)),))
    assert kinds(detect(left, APPLICATION, date(2028, 2, 29))) == [ConflictKind.EMPLOYMENT]
    earlier = ExpertProfile("e1", (Employment("acme", date(2015, 1, 1), date(2025, 2, 27)),))
    assert detect(earlier, APPLICATION, date(2028, 2, 29)) == []


def test_employment_elsewhere_is_no_conflict():
    expert = ExpertProfile("e1", (Employment("someone-else", date(2020, 1, 1)),))
    assert detect(expert, APPLICATION, TODAY) == []


def test_same_recommending_unit_is_a_conflict():
    expert = ExpertProfile("e1", recommending_unit_id="div8")
    [finding] = detect(expert, APPLICATION, TODAY, names=NAMES)
    assert finding.kind == ConflictKind.RECOMMENDING_UNIT
    assert "第八师石河子市" in finding.evidence
    other = ExpertProfile("e2", recommending_unit_id="div1")
    assert detect(other, APPLICATION, TODAY) == []


def test_declared_tie_to_a_party_is_a_conflict_and_carries_the_note():
    expert = ExpertProfile(
        "e1",
        ties=(DeclaredTie("partner", "配偶在该单位任财务总监", TieKind.PERSONAL), DeclaredTie("x", "无关")),
    )
    [finding] = detect(expert, APPLICATION, TODAY, names=NAMES)
    assert finding.kind == ConflictKind.DECLARED_TIE
    assert "天业化工" in finding.evidence
    assert "配偶在该单位任财务总监" in finding.evidence


def test_self_declaration_only_applies_to_its_own_pair():
    expert = ExpertProfile("e1")
    declarations = [
        SelfDeclaration("e1", "app-1", "曾指导该项目"),
        SelfDeclaration("e1", "app-2", "别的申报书"),
        SelfDeclaration("e9", "app-1", "别的专家"),
    ]
    [finding] = detect(expert, APPLICATION, TODAY, self_declarations=declarations)
    assert finding.kind == ConflictKind.SELF_DECLARED
    assert finding.evidence == "受邀时本人声明回避：曾指导该项目"


def test_several_reasons_are_all_reported():
    expert = ExpertProfile("e1", (Employment("acme", date(2020, 1, 1)),), "div8")
    assert kinds(detect(expert, APPLICATION, TODAY)) == [
        ConflictKind.EMPLOYMENT,
        ConflictKind.RECOMMENDING_UNIT,
    ]


def test_officer_clearance_removes_a_finding_and_keeps_the_reason():
    expert = ExpertProfile("e1", (Employment("acme", date(2020, 1, 1)),), "div8")
    automatic = detect(expert, APPLICATION, TODAY)
    effective = effective_conflicts(
        automatic,
        cleared=[
            OfficerClearance(
                "e1", "app-1", "该专家属兵团科技局借调，与推荐单位无隶属关系", ConflictKind.RECOMMENDING_UNIT
            )
        ],
    )
    assert kinds(effective.findings) == [ConflictKind.EMPLOYMENT]
    assert effective.cleared[0].reason.startswith("该专家属兵团科技局借调")
    assert effective.pairs() == {("app-1", "e1")}


def test_clearing_every_finding_of_a_pair_frees_it_for_assignment():
    expert = ExpertProfile("e1", recommending_unit_id="div8")
    effective = effective_conflicts(
        detect(expert, APPLICATION, TODAY), cleared=[OfficerClearance("e1", "app-1", "已核实无关")]
    )
    assert effective.pairs() == frozenset()


def test_officer_added_conflict_binds():
    effective = effective_conflicts([], added=[OfficerConflict("e7", "app-1", "与申报单位负责人系同学")])
    [finding] = effective.findings
    assert finding.kind == ConflictKind.OFFICER
    assert effective.pairs() == {("app-1", "e7")}


def test_clearance_needs_a_reason():
    with pytest.raises(ValueError, match="理由"):
        effective_conflicts([], cleared=[OfficerClearance("e1", "app-1", "  ")])


def test_self_declared_conflict_cannot_be_cleared():
    finding = detect(
        ExpertProfile("e1"), APPLICATION, TODAY, self_declarations=[SelfDeclaration("e1", "app-1", "回避")]
    )
    with pytest.raises(ValueError, match="本人声明"):
        effective_conflicts(
            finding, cleared=[OfficerClearance("e1", "app-1", "x", ConflictKind.SELF_DECLARED)]
        )
    # A blanket clearance of the pair leaves the expert's own declaration in force.
    effective = effective_conflicts(finding, cleared=[OfficerClearance("e1", "app-1", "已核实")])
    assert effective.pairs() == {("app-1", "e1")}
