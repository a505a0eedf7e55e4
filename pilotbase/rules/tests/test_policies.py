"""Policies and the industry-chain vocabulary are data: a second measure is a value, not new code."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from pilotbase.rules import (
    CHECK_IDS,
    CORPS_2024,
    EDUCATION,
    ETHICS_FIELDS,
    INCIDENT_TYPES,
    INDUSTRY_CHAINS,
    PILOT_LINES,
    POLICIES,
    SEVERITIES,
    TITLES,
    XINJIANG_2025,
    FactsError,
    NoPolicyError,
    Term,
    Threshold,
    Vocabulary,
    choose_policy,
    evaluate,
    parse_facts,
)

from .documents import edit, meets


def test_corps_policy_is_the_measure_and_valid_three_years_from_issue() -> None:
    assert CORPS_2024.title == "兵团科技成果转化中试基地备案管理暂行办法"
    assert CORPS_2024.effective_from == CORPS_2024.issued_on
    assert CORPS_2024.effective_to == CORPS_2024.issued_on.replace(year=CORPS_2024.issued_on.year + 3)
    assert CORPS_2024.min_site_area_m2.value == Decimal(2000)
    assert "2000平方米" in CORPS_2024.min_site_area_m2.text
    assert CORPS_2024.min_equipment_value_yuan.value == Decimal(5_000_000)
    assert not CORPS_2024.not_set


def test_choose_policy_by_jurisdiction_and_date() -> None:
    assert choose_policy("division-8", date(2026, 3, 1)) is CORPS_2024
    assert choose_policy("corps", CORPS_2024.effective_to) is CORPS_2024
    assert choose_policy("xinjiang", date(2026, 3, 1)) is XINJIANG_2025
    with pytest.raises(NoPolicyError):
        choose_policy("division-8", date(2027, 6, 2))  # the day after the three years
    with pytest.raises(NoPolicyError):
        choose_policy("division-8", date(2024, 5, 31))  # before issue
    with pytest.raises(NoPolicyError):
        choose_policy("hunan", date(2026, 3, 1))


def test_a_newer_policy_for_the_same_jurisdiction_wins() -> None:
    newer = dataclasses.replace(
        CORPS_2024,
        id="corps-pilot-base-2026",
        issued_on=date(2026, 1, 1),
        effective_from=date(2026, 1, 1),
        effective_to=date(2029, 1, 1),
    )
    assert choose_policy("division-1", date(2026, 3, 1), policies=(*POLICIES, newer)) is newer
    assert choose_policy("division-1", date(2025, 3, 1), policies=(*POLICIES, newer)) is CORPS_2024


def test_xinjiang_thresholds_differ() -> None:
    document = edit(
        meets(),
        site__area_m2="600",
        equipment__original_value_yuan="9999999.99",
        pilot_lines=["process_improvement"],
        external_pilot_projects=4,
    )
    corps = evaluate(document, CORPS_2024)
    xinjiang = evaluate(document, XINJIANG_2025)
    assert corps.check("site_area").status == "fail"
    assert xinjiang.check("site_area").status == "pass"
    assert xinjiang.check("site_area").message == "中试场地及配套设施面积 600 平方米，不低于 500 平方米"
    assert corps.check("equipment_value").status == "pass"
    assert xinjiang.check("equipment_value").status == "fail"  # 10 million there
    # a pilot line suffices in the Corps, not in Xinjiang, which wants 5 external projects
    assert corps.check("pilot_line_or_projects").status == "pass"
    assert xinjiang.check("pilot_line_or_projects").status == "fail"
    assert xinjiang.to_dict()["policy"] == {"id": XINJIANG_2025.id, "title": XINJIANG_2025.title}


def test_checks_a_policy_does_not_set_are_listed_as_not_applicable() -> None:
    result = evaluate(edit(meets(), staff=[]), XINJIANG_2025)
    assert [check.id for check in result.checks] == list(CHECK_IDS)
    assert result.check("full_time_staff").status == "not_applicable"
    assert XINJIANG_2025.title in result.check("full_time_staff").message


def test_a_policy_must_account_for_every_check() -> None:
    with pytest.raises(ValueError, match="neither a clause nor not_set"):
        dataclasses.replace(CORPS_2024, clauses={"site_area": "x"})
    with pytest.raises(TypeError):
        dataclasses.replace(CORPS_2024, min_qualified_ratio=Threshold(0.6, "60%"))


def test_thresholds_come_from_the_policy() -> None:
    stricter = dataclasses.replace(
        CORPS_2024, id="test-stricter", min_full_time_staff=Threshold(8, "8名以上")
    )
    staff = [{"full_time": True, "technical": True, "education": "master"} for _ in range(7)]
    result = evaluate(edit(meets(), staff=staff), stricter)
    assert result.check("full_time_staff").status == "fail"
    assert result.check("full_time_staff").message == "专职人员 7 名，少于 8 名"
    assert evaluate(edit(meets(), staff=staff)).check("full_time_staff").status == "pass"


def test_code_lists_have_chinese_labels() -> None:
    assert list(EDUCATION) == ["doctorate", "master", "bachelor", "associate", "secondary", "other"]
    assert list(TITLES) == ["senior", "associate_senior", "intermediate", "junior", "none"]
    assert list(INCIDENT_TYPES) == ["production_safety", "quality", "environmental"]
    assert list(SEVERITIES) == ["general", "larger", "major", "extraordinary"]
    assert SEVERITIES["larger"] == "较大"
    assert len(PILOT_LINES) == 6 and PILOT_LINES["sample_trial_production"] == "样品试制"
    assert len(ETHICS_FIELDS) == 12 and ETHICS_FIELDS["artificial_intelligence"] == "人工智能"
    assert len(INDUSTRY_CHAINS) == 11
    assert INDUSTRY_CHAINS.label("cotton_textile") == "棉花和纺织服装"


def test_a_retired_chain_is_understood_in_old_applications_but_not_offered() -> None:
    vocabulary = INDUSTRY_CHAINS.retire("modern_services")
    assert ("modern_services", "现代服务业") not in vocabulary.offered()
    assert len(vocabulary.offered()) == 10
    document = edit(meets(), industry__chains=["modern_services"])
    check = evaluate(document, vocabulary=vocabulary).check("industry_chain")
    assert check.status == "pass"
    assert "现代服务业（已停用）" in check.message


def test_an_administrator_edited_vocabulary_is_used() -> None:
    vocabulary = Vocabulary([*INDUSTRY_CHAINS, Term("salt_lake_chemicals", "盐湖化工")])
    document = edit(meets(), industry__chains=["salt_lake_chemicals"])
    assert evaluate(document, vocabulary=vocabulary).check("industry_chain").status == "pass"
    with pytest.raises(FactsError, match=r"industry\.chains\[0\]: unknown code 'salt_lake_chemicals'"):
        evaluate(document)


def test_facts_parsed_with_another_vocabulary_fail_on_codes_this_one_does_not_know() -> None:
    vocabulary = Vocabulary([*INDUSTRY_CHAINS, Term("salt_lake_chemicals", "盐湖化工")])
    facts = parse_facts(edit(meets(), industry__chains=["salt_lake_chemicals"]), vocabulary=vocabulary)
    assert evaluate(facts).check("industry_chain").status == "fail"


def test_vocabulary_rejects_duplicates_and_unknown_retirements() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        Vocabulary([Term("a", "甲"), Term("a", "乙")])
    with pytest.raises(ValueError, match="retired"):
        Vocabulary.from_labels({"a": "甲"}, retired=["b"])
