"""The measures whose conditions the engine applies, as data.

The engine is written once; a `Policy` holds what differs between measures: the thresholds with
the words that set them, which clause each check carries out, and which checks a measure does
not set at all. The Corps measure is the product's subject; the Xinjiang one sits beside it so
that a second measure is a new value here, not new code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from .periods import add_years

CHECK_IDS: tuple[str, ...] = (
    "industry_chain",
    "location_tech_advantage",
    "independent_legal_person",
    "registered_two_years",
    "operating_normally",
    "no_misconduct_record",
    "not_blacklisted",
    "independent_accounting",
    "independent_site",
    "site_area",
    "pilot_equipment",
    "equipment_value",
    "pilot_line_or_projects",
    "technical_leader",
    "fixed_rd_team",
    "full_time_staff",
    "full_time_technical_staff",
    "qualified_ratio",
    "safety_env_facilities",
    "no_major_incident",
    "standards_compliance",
    "service_procedure_and_fees",
    "ip_protection",
    "open_sharing",
    "service_list_published",
    "service_effectiveness",
    "ethics_committee",
)
"""Every check, in the order every result lists them (spec/eligibility.md)."""


@dataclass(frozen=True, slots=True)
class Threshold:
    """A number the measure sets, with the words that set it (quoted in reviews and messages)."""

    value: Decimal | int | Fraction
    text: str


@dataclass(frozen=True, slots=True)
class Policy:
    """One measure's conditions for filing a pilot base.

    `effective_to` is the last day the measure is in force, inclusive: 有效期3年 counted from
    issue ends on the anniversary (《民法典》第二百零一、二百零二条).
    """

    id: str
    title: str
    jurisdictions: frozenset[str]
    issued_on: date
    effective_from: date
    effective_to: date
    registered_years: Threshold
    min_site_area_m2: Threshold
    min_equipment_value_yuan: Threshold
    min_external_pilot_projects: Threshold
    # Corps 7(三): 中试线，或至少已开展对外中试项目不少于2项 — a pilot line alone suffices.
    pilot_line_suffices: bool
    min_full_time_staff: Threshold
    min_full_time_technical_staff: Threshold
    min_years_of_service: Threshold
    min_qualified_ratio: Threshold
    incident_window_years: Threshold
    clauses: Mapping[str, str]
    # Checks the measure does not set: reported not_applicable, so every result still lists all.
    not_set: frozenset[str] = field(default_factory=frozenset)
    notes: str = ""

    def __post_init__(self) -> None:
        unknown = (set(self.clauses) | self.not_set) - set(CHECK_IDS)
        if unknown:
            raise ValueError(f"{self.id}: unknown check ids {sorted(unknown)}")
        uncovered = set(CHECK_IDS) - set(self.clauses) - self.not_set
        if uncovered:
            raise ValueError(f"{self.id}: checks with neither a clause nor not_set: {sorted(uncovered)}")
        if not isinstance(self.min_qualified_ratio.value, Fraction):
            raise TypeError("min_qualified_ratio must be a Fraction: the ratio is compared exactly")

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day <= self.effective_to


def _clause(item: str) -> str:
    return f"第七条第（{item}）项"


_CORPS_CLAUSES = {
    "industry_chain": _clause("一"),
    "location_tech_advantage": _clause("一"),
    "independent_legal_person": _clause("二"),
    "registered_two_years": _clause("二"),
    "operating_normally": _clause("二"),
    "no_misconduct_record": _clause("二"),
    "not_blacklisted": _clause("二"),
    "independent_accounting": _clause("二"),
    "independent_site": _clause("三"),
    "site_area": _clause("三"),
    "pilot_equipment": _clause("三"),
    "equipment_value": _clause("三"),
    "pilot_line_or_projects": _clause("三"),
    "technical_leader": _clause("四"),
    "fixed_rd_team": _clause("四"),
    "full_time_staff": _clause("四"),
    "full_time_technical_staff": _clause("四"),
    "qualified_ratio": _clause("四"),
    "safety_env_facilities": _clause("五"),
    "no_major_incident": _clause("五"),
    "standards_compliance": _clause("五"),
    "service_procedure_and_fees": _clause("六"),
    "ip_protection": _clause("六"),
    "open_sharing": _clause("七"),
    "service_list_published": _clause("七"),
    "service_effectiveness": _clause("七"),
    "ethics_committee": _clause("八"),
}

# The Corps' 师市 and direct units (reference/domain.md): the measure applies to all of them.
CORPS_JURISDICTIONS: frozenset[str] = frozenset(
    {"corps", "corps-direct"} | {f"division-{n}" for n in range(1, 15)}
)

# The issue date is not in seed/measure.txt (第十六条: 自印发之日起执行，有效期3年). It cites
# 新兵发〔2023〕32号, so it was issued later; 2024-06-01 is a stand-in until the bureau confirms
# the date printed on the document, and the only thing to change then.
_CORPS_ISSUED_ON = date(2024, 6, 1)

CORPS_2024 = Policy(
    id="corps-pilot-base-2024",
    title="兵团科技成果转化中试基地备案管理暂行办法",
    jurisdictions=CORPS_JURISDICTIONS,
    issued_on=_CORPS_ISSUED_ON,
    effective_from=_CORPS_ISSUED_ON,
    effective_to=add_years(_CORPS_ISSUED_ON, 3),
    registered_years=Threshold(2, "须注册且正常经营满两年"),
    min_site_area_m2=Threshold(Decimal(2000), "中试场地及配套设施面积不低于2000平方米"),
    min_equipment_value_yuan=Threshold(Decimal(5_000_000), "设备原值在500万元以上"),
    min_external_pilot_projects=Threshold(2, "或至少已开展对外中试项目不少于2项"),
    pilot_line_suffices=True,
    min_full_time_staff=Threshold(6, "中试基地专职人员6名（含）以上"),
    min_full_time_technical_staff=Threshold(4, "其中专职技术人员4名（含）以上"),
    min_years_of_service=Threshold(8, "或具有8年以上工龄"),
    min_qualified_ratio=Threshold(
        Fraction(3, 5),
        "具有本科（含）以上学历或中级（含）以上职称或具有8年以上工龄的技术人员占总人数的60%（含）以上",
    ),
    incident_window_years=Threshold(2, "近两年内未发生较大以上生产安全、质量事故或严重环境违法行为"),
    clauses=MappingProxyType(_CORPS_CLAUSES),
    notes="发布日期暂定为 2024-06-01，待以印发文件为准。",
)

_XINJIANG_CLAUSE = "认定条件"
_XINJIANG_ISSUED_ON = date(2025, 1, 1)

# Only the conditions reference/domain.md records (read from a summary, not the official text)
# are set here; the rest report not_applicable until someone transcribes the full measure.
XINJIANG_2025 = Policy(
    id="xinjiang-pilot-base-2025",
    title="新疆维吾尔自治区科技成果转化中试基地认定（2025）",
    jurisdictions=frozenset({"xinjiang"}),
    issued_on=_XINJIANG_ISSUED_ON,
    effective_from=_XINJIANG_ISSUED_ON,
    effective_to=add_years(_XINJIANG_ISSUED_ON, 3),
    registered_years=Threshold(2, "在新疆注册的独立法人，运营满2年"),
    min_site_area_m2=Threshold(Decimal(500), "场地面积不低于500平方米"),
    min_equipment_value_yuan=Threshold(Decimal(10_000_000), "关键设备原值不低于1000万元"),
    min_external_pilot_projects=Threshold(5, "已开展对外中试项目不少于5项"),
    pilot_line_suffices=False,
    min_full_time_staff=Threshold(0, "未规定"),
    min_full_time_technical_staff=Threshold(0, "未规定"),
    min_years_of_service=Threshold(0, "未规定"),
    min_qualified_ratio=Threshold(Fraction(0), "未规定"),
    incident_window_years=Threshold(2, "未规定"),
    clauses=MappingProxyType(
        {
            check_id: _XINJIANG_CLAUSE
            for check_id in (
                "independent_legal_person",
                "registered_two_years",
                "operating_normally",
                "site_area",
                "equipment_value",
                "pilot_line_or_projects",
                "technical_leader",
                "ethics_committee",
            )
        }
    ),
    not_set=frozenset(
        set(CHECK_IDS)
        - {
            "independent_legal_person",
            "registered_two_years",
            "operating_normally",
            "site_area",
            "equipment_value",
            "pilot_line_or_projects",
            "technical_leader",
            "ethics_committee",
        }
    ),
    notes=(
        "条件摘自公开资料摘要（reference/domain.md），发布日期暂定为 2025-01-01；"
        "技术带头人须从事技术转移工作2年以上，由评审核实。"
    ),
)

POLICIES: tuple[Policy, ...] = (CORPS_2024, XINJIANG_2025)


class NoPolicyError(LookupError):
    """No measure covers that jurisdiction on that day."""


def choose_policy(jurisdiction: str, on: date, policies: Iterable[Policy] = POLICIES) -> Policy:
    """The measure in force for `jurisdiction` on `on`; the most recently issued when several are."""
    candidates = [p for p in policies if jurisdiction in p.jurisdictions and p.in_force_on(on)]
    if not candidates:
        raise NoPolicyError(f"no policy for {jurisdiction!r} in force on {on.isoformat()}")
    return max(candidates, key=lambda p: p.issued_on)
