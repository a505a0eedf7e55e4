"""Article 7 (申报条件) as checks: each check carries out one requirement and explains its numbers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .codes import (
    COUNTED_SEVERITIES,
    ETHICS_FIELDS,
    ETHICS_SENSITIVE_FIELDS,
    INCIDENT_TYPES,
    INDUSTRY_CHAINS,
    PILOT_LINES,
    QUALIFYING_EDUCATION,
    QUALIFYING_TITLES,
    SEVERITIES,
    Vocabulary,
)
from .facts import Facts, parse_facts
from .periods import add_years, years_in_words
from .policies import CHECK_IDS, CORPS_2024, Policy

PASS = "pass"  # noqa: S105 - a status, not a password
FAIL = "fail"
MANUAL = "manual"
NOT_APPLICABLE = "not_applicable"
MISSING = "missing"
STATUSES = (PASS, FAIL, MANUAL, NOT_APPLICABLE, MISSING)

MEETS_THRESHOLDS = "meets_thresholds"
INELIGIBLE = "ineligible"
INCOMPLETE = "incomplete"


@dataclass(slots=True)
class Check:
    """The outcome of one condition: `status` is one of STATUSES; `message` is for people."""

    id: str
    clause: str
    status: str
    message: str
    values: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "clause": self.clause,
            "status": self.status,
            "message": self.message,
            "values": self.values,
        }


@dataclass(slots=True)
class Result:
    """Every check of the policy, in the spec's order, and the verdict they lead to."""

    policy: Policy
    as_of: date
    verdict: str
    checks: list[Check]

    def check(self, check_id: str) -> Check:
        for check in self.checks:
            if check.id == check_id:
                return check
        raise KeyError(check_id)

    def to_dict(self) -> dict[str, Any]:
        """The output JSON of spec/eligibility.md."""
        return {
            "policy": {"id": self.policy.id, "title": self.policy.title},
            "as_of": self.as_of.isoformat(),
            "verdict": self.verdict,
            "checks": [check.to_dict() for check in self.checks],
        }


def verdict_of(statuses: list[str]) -> str:
    """A failure decides; otherwise a missing fact leaves it open; manual checks go to reviewers."""
    if FAIL in statuses:
        return INELIGIBLE
    if MISSING in statuses:
        return INCOMPLETE
    return MEETS_THRESHOLDS


def _number(value: Decimal | int) -> str:
    """Thousands separators, no exponent, the decimals as given: 4,999,999.99."""
    return f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"


def _text(value: Decimal) -> str:
    return f"{value:f}"


# (status, message, values): what a check function returns before the clause and id are attached.
Outcome = tuple[str, str, dict[str, Any]]


def _flag(value: bool | None, yes: str, no: str, missing: str) -> Outcome:
    """A condition that is one declared fact: true passes, false fails, absent is missing."""
    if value is True:
        return PASS, yes, {"value": True}
    if value is False:
        return FAIL, no, {"value": False}
    return MISSING, missing, {"value": None}


class _Context:
    """What several checks share, computed once per applicant."""

    __slots__ = ("facts", "policy", "vocabulary")

    def __init__(self, facts: Facts, policy: Policy, vocabulary: Vocabulary) -> None:
        self.facts = facts
        self.policy = policy
        self.vocabulary = vocabulary


# --- 7(一) ---------------------------------------------------------------------------------


def industry_chain(c: _Context) -> Outcome:
    """7(一): 属于或服务于兵团主导产业和重点产业链 — at least one code the vocabulary knows."""
    chains = c.facts.chains
    if chains is None:
        return MISSING, "未填写所属或服务的兵团主导产业和重点产业链", {"chains": None}
    known = [code for code in chains if code in c.vocabulary]
    if known:
        labels = "、".join(c.vocabulary.label(code) for code in known)
        return PASS, f"属于或服务于兵团主导产业和重点产业链：{labels}", {"chains": list(chains)}
    if not chains:
        return FAIL, "未属于或服务于任何兵团主导产业和重点产业链", {"chains": []}
    unknown = "、".join(chains)
    return FAIL, f"所填产业链不在兵团主导产业和重点产业链目录中：{unknown}", {"chains": list(chains)}


def location_tech_advantage(c: _Context) -> Outcome:
    """7(一): 明显的区位优势与技术优势 is an expert judgement."""
    return MANUAL, "是否具备明显的区位优势与技术优势，由专家评审判断", {}


# --- 7(二) ---------------------------------------------------------------------------------


def independent_legal_person(c: _Context) -> Outcome:
    return _flag(
        c.facts.independent_legal_person,
        "具有独立法人资格",
        "不具有独立法人资格",
        "未说明是否具有独立法人资格",
    )


def registered_two_years(c: _Context) -> Outcome:
    """7(二): 注册且正常经营满两年 — 满 includes the anniversary itself."""
    registered_on = c.facts.registered_on
    years = c.policy.registered_years.value
    words = years_in_words(int(years))
    if registered_on is None:
        return MISSING, "未填写注册日期", {"registered_on": None, "two_years_on": None}
    reached_on = add_years(registered_on, int(years))
    as_of = c.facts.as_of
    values = {"registered_on": registered_on.isoformat(), "two_years_on": reached_on.isoformat()}
    if as_of >= reached_on:
        return (
            PASS,
            f"注册满{words}：{registered_on.isoformat()} 注册，截至 {as_of.isoformat()} 已满{words}",
            values,
        )
    return (
        FAIL,
        f"注册未满{words}：{registered_on.isoformat()} 注册，{reached_on.isoformat()} 方满{words}，"
        f"截至 {as_of.isoformat()} 尚未满",
        values,
    )


def operating_normally(c: _Context) -> Outcome:
    return _flag(c.facts.operating_normally, "正常经营", "未正常经营", "未说明是否正常经营")


def no_misconduct_record(c: _Context) -> Outcome:
    # The fact is phrased positively (has a record), the condition negatively: false passes.
    value = c.facts.serious_misconduct_in_penalty_period
    if value is False:
        return PASS, "无在惩戒执行期内的科研严重失信行为记录", {"value": False}
    if value is True:
        return FAIL, "有在惩戒执行期内的科研严重失信行为记录", {"value": True}
    return MISSING, "未说明是否有在惩戒执行期内的科研严重失信行为记录", {"value": None}


def not_blacklisted(c: _Context) -> Outcome:
    value = c.facts.credit_blacklisted
    if value is False:
        return PASS, "无相关社会领域信用“黑名单”记录", {"value": False}
    if value is True:
        return FAIL, "有相关社会领域信用“黑名单”记录", {"value": True}
    return MISSING, "未说明是否有相关社会领域信用“黑名单”记录", {"value": None}


def independent_accounting(c: _Context) -> Outcome:
    """7(二): 以依托单位申报的中试基地应实行财务收支独立核算 — only via a host unit."""
    via = c.facts.via_host_unit
    accounting = c.facts.independent_accounting
    values = {"via_host_unit": via, "independent_accounting": accounting}
    if via is False:
        return NOT_APPLICABLE, "由申报主体直接申报，不涉及依托单位财务收支独立核算", values
    if via is None:
        return MISSING, "未说明是否以依托单位申报", values
    if accounting is True:
        return PASS, "以依托单位申报，实行财务收支独立核算", values
    if accounting is False:
        return FAIL, "以依托单位申报，但未实行财务收支独立核算", values
    return MISSING, "以依托单位申报，未说明是否实行财务收支独立核算", values


# --- 7(三) ---------------------------------------------------------------------------------


def independent_site(c: _Context) -> Outcome:
    return _flag(c.facts.site_independent, "具备独立的场地", "不具备独立的场地", "未说明是否具备独立的场地")


def site_area(c: _Context) -> Outcome:
    """7(三): 面积不低于2000平方米 — exactly 2000 passes."""
    area = c.facts.area_m2
    minimum = c.policy.min_site_area_m2.value
    if area is None:
        return MISSING, "未填写中试场地及配套设施面积", {"area_m2": None, "minimum_m2": _text(minimum)}
    values = {"area_m2": _text(area), "minimum_m2": _text(minimum)}
    if area >= minimum:
        return (
            PASS,
            f"中试场地及配套设施面积 {_number(area)} 平方米，不低于 {_number(minimum)} 平方米",
            values,
        )
    return FAIL, f"中试场地及配套设施面积 {_number(area)} 平方米，低于 {_number(minimum)} 平方米", values


_EQUIPMENT_KINDS = (
    ("pilot_line_equipment", "pilot_line", "中试生产线设备"),
    ("process_qc_equipment", "process_qc", "中试生产过程质量控制检测设备"),
    ("product_testing_equipment", "product_testing", "产品性能检测设备"),
)


def pilot_equipment(c: _Context) -> Outcome:
    """7(三): 中试生产线设备、过程质量控制检测和产品性能检测设备, all three."""
    facts = c.facts
    lacking = []
    unknown = []
    values: dict[str, Any] = {}
    for attribute, key, label in _EQUIPMENT_KINDS:
        value = getattr(facts, attribute)
        values[key] = value
        if value is False:
            lacking.append(label)
        elif value is None:
            unknown.append(label)
    if lacking:
        return FAIL, f"缺少{'、'.join(lacking)}", values
    if unknown:
        return MISSING, f"未说明是否具备{'、'.join(unknown)}", values
    return PASS, "具备中试生产线设备、中试生产过程质量控制检测设备和产品性能检测设备", values


def equipment_value(c: _Context) -> Outcome:
    """7(三): 设备原值在500万元以上 — 以上 includes 5,000,000.00 itself."""
    value = c.facts.original_value_yuan
    minimum = c.policy.min_equipment_value_yuan.value
    if value is None:
        return MISSING, "未填写设备原值", {"original_value_yuan": None, "minimum_yuan": _text(minimum)}
    values = {"original_value_yuan": _text(value), "minimum_yuan": _text(minimum)}
    if value >= minimum:
        return PASS, f"设备原值 {_number(value)} 元，在 {_number(minimum)} 元以上", values
    return FAIL, f"设备原值 {_number(value)} 元，低于 {_number(minimum)} 元", values


def pilot_line_or_projects(c: _Context) -> Outcome:
    """7(三): 拥有中试线，或至少已开展对外中试项目不少于2项."""
    lines = c.facts.pilot_lines
    projects = c.facts.external_pilot_projects
    minimum = c.policy.min_external_pilot_projects.value
    suffices = c.policy.pilot_line_suffices
    values = {
        "pilot_lines": None if lines is None else list(lines),
        "external_pilot_projects": projects,
        "minimum_projects": minimum,
    }
    if suffices and lines:
        return PASS, f"拥有中试线：{'、'.join(PILOT_LINES[code] for code in lines)}", values
    if projects is not None and projects >= minimum:
        return PASS, f"已开展对外中试项目 {projects} 项，不少于 {minimum} 项", values
    if projects is None or (suffices and lines is None):
        missing = []
        if suffices and lines is None:
            missing.append("中试线")
        if projects is None:
            missing.append("对外中试项目数")
        return MISSING, f"未填写{'、'.join(missing)}", values
    if suffices:
        return FAIL, f"无中试线，对外中试项目 {projects} 项，少于 {minimum} 项", values
    return FAIL, f"对外中试项目 {projects} 项，少于 {minimum} 项", values


# --- 7(四) ---------------------------------------------------------------------------------


def technical_leader(c: _Context) -> Outcome:
    return _flag(
        c.facts.technical_leader,
        "有工程技术带头人",
        "没有工程技术带头人",
        "未说明是否有工程技术带头人",
    )


def fixed_rd_team(c: _Context) -> Outcome:
    return _flag(c.facts.fixed_rd_team, "有固定研发团队", "没有固定研发团队", "未说明是否有固定研发团队")


def _is_qualified(member: Any, min_years: int | Decimal) -> bool:
    """本科（含）以上学历或中级（含）以上职称或具有8年以上工龄 — any one of the three."""
    if member.education in QUALIFYING_EDUCATION or member.title in QUALIFYING_TITLES:
        return True
    years = member.years_of_service
    return years is not None and years >= min_years


def full_time_staff(c: _Context) -> Outcome:
    """7(四): 专职人员6名（含）以上."""
    staff = c.facts.staff
    minimum = c.policy.min_full_time_staff.value
    if staff is None:
        return MISSING, "未提供人员名单", {"full_time": None, "minimum": minimum}
    count = sum(1 for member in staff if member.full_time)
    values = {"full_time": count, "minimum": minimum}
    if count >= minimum:
        return PASS, f"专职人员 {count} 名，达到 {minimum} 名（含）以上", values
    return FAIL, f"专职人员 {count} 名，少于 {minimum} 名", values


def full_time_technical_staff(c: _Context) -> Outcome:
    """7(四): 其中专职技术人员4名（含）以上."""
    staff = c.facts.staff
    minimum = c.policy.min_full_time_technical_staff.value
    if staff is None:
        return MISSING, "未提供人员名单", {"full_time_technical": None, "minimum": minimum}
    count = sum(1 for member in staff if member.full_time and member.technical)
    values = {"full_time_technical": count, "minimum": minimum}
    if count >= minimum:
        return PASS, f"专职技术人员 {count} 名，达到 {minimum} 名（含）以上", values
    return FAIL, f"专职技术人员 {count} 名，少于 {minimum} 名", values


def _percent(ratio: Fraction) -> str:
    hundredfold = ratio * 100
    if hundredfold.denominator == 1:
        return f"{hundredfold.numerator}%"
    return f"{float(hundredfold):.2f}%"


def qualified_ratio(c: _Context) -> Outcome:
    """7(四): qualified full-time technical staff ≥ 60 % of all full-time staff, compared exactly."""
    staff = c.facts.staff
    ratio = c.policy.min_qualified_ratio.value
    percent = _percent(ratio)
    if staff is None:
        return MISSING, "未提供人员名单", {"qualified": None, "full_time": None, "minimum_ratio": str(ratio)}
    min_years = c.policy.min_years_of_service.value
    total = 0
    qualified = 0
    for member in staff:
        if member.full_time:
            total += 1
            if member.technical and _is_qualified(member, min_years):
                qualified += 1
    values = {"qualified": qualified, "full_time": total, "minimum_ratio": str(ratio)}
    if total == 0:
        return MISSING, "没有专职人员，无法计算符合条件的技术人员占比", values
    # Cross-multiplied so that 3 of 5 is exactly 60 %, never 59.999…
    shown = f"{qualified * 1000 // total / 10:.1f}%"  # rounded down: a failing share never shows 60.0%
    head = (
        f"具有本科（含）以上学历、中级（含）以上职称或{min_years}年以上工龄的专职技术人员 {qualified} 名，"
        f"占专职人员 {total} 名的 {shown}"
    )
    if qualified * ratio.denominator >= total * ratio.numerator:
        return PASS, f"{head}，达到 {percent}（含）以上", values
    return FAIL, f"{head}，低于 {percent}", values


# --- 7(五) ---------------------------------------------------------------------------------


def safety_env_facilities(c: _Context) -> Outcome:
    return _flag(
        c.facts.safety_facilities,
        "具备必需的安全、环保设施装备",
        "不具备必需的安全、环保设施装备",
        "未说明是否具备必需的安全、环保设施装备",
    )


def no_major_incident(c: _Context) -> Outcome:
    """7(五): 近两年内未发生较大以上事故 — the window includes both ends."""
    as_of = c.facts.as_of
    years = int(c.policy.incident_window_years.value)
    since = add_years(as_of, -years)
    incidents = c.facts.incidents
    values: dict[str, Any] = {"window_from": since.isoformat(), "window_to": as_of.isoformat()}
    window = f"{since.isoformat()} 至 {as_of.isoformat()}"
    if incidents is None:
        values["incidents"] = None
        return MISSING, f"未说明近{years_in_words(years)}内（{window}）是否发生事故", values
    counted = [
        incident
        for incident in incidents
        if incident.severity in COUNTED_SEVERITIES and since <= incident.date <= as_of
    ]
    values["incidents"] = [
        {"date": i.date.isoformat(), "type": i.type, "severity": i.severity} for i in counted
    ]
    if counted:
        named = "；".join(
            f"{i.date.isoformat()} {SEVERITIES[i.severity]}{INCIDENT_TYPES[i.type]}" for i in counted
        )
        return (
            FAIL,
            f"近{years_in_words(years)}内（{window}）发生较大以上事故或严重环境违法行为：{named}",
            values,
        )
    return (
        PASS,
        f"近{years_in_words(years)}内（{window}）未发生较大以上生产安全、质量事故或严重环境违法行为",
        values,
    )


def standards_compliance(c: _Context) -> Outcome:
    """7(五): 生产环境和工艺流程软硬件符合标准 is verified by experts and the site visit."""
    declared = c.facts.standards_compliant
    said = {True: "（申报单位自述：符合）", False: "（申报单位自述：不符合）", None: ""}[declared]
    return (
        MANUAL,
        f"生产环境和工艺流程软硬件是否符合国家和兵团相关标准，由专家评审和现场核查判断{said}",
        {"declared": declared},
    )


# --- 7(六) ---------------------------------------------------------------------------------


def service_procedure_and_fees(c: _Context) -> Outcome:
    return _flag(
        c.facts.service_procedure_and_fees,
        "有明晰的对外服务承接程序及收费标准",
        "没有明晰的对外服务承接程序及收费标准",
        "未说明是否有对外服务承接程序及收费标准",
    )


def ip_protection(c: _Context) -> Outcome:
    return _flag(
        c.facts.ip_protection_measures,
        "有保护小试产品知识产权和商业秘密的措施及制度",
        "没有保护小试产品知识产权和商业秘密的措施及制度",
        "未说明是否有保护知识产权和商业秘密的措施及制度",
    )


# --- 7(七) ---------------------------------------------------------------------------------


def open_sharing(c: _Context) -> Outcome:
    return _flag(
        c.facts.open_sharing,
        "能为高校、科研机构、企业等提供开放共享中试服务",
        "不提供开放共享中试服务",
        "未说明是否提供开放共享中试服务",
    )


def service_list_published(c: _Context) -> Outcome:
    return _flag(
        c.facts.service_list_published,
        "已对外发布中试服务清单",
        "未对外发布中试服务清单",
        "未说明是否对外发布中试服务清单",
    )


def service_effectiveness(c: _Context) -> Outcome:
    return MANUAL, "衍生孵化、中试服务成效是否显著，由专家评审判断", {}


# --- 7(八) ---------------------------------------------------------------------------------


def ethics_committee(c: _Context) -> Outcome:
    """7(八): an ethics committee when the work touches ethics-sensitive life sciences, medicine or AI."""
    facts = c.facts
    fields = facts.ethics_fields
    sensitive = facts.ethics_sensitive
    committee = facts.ethics_committee
    relevant = None if fields is None else [f for f in fields if f in ETHICS_SENSITIVE_FIELDS]
    values = {
        "fields": None if fields is None else list(fields),
        "ethics_sensitive": sensitive,
        "ethics_committee": committee,
    }
    if sensitive is False or relevant == []:
        return NOT_APPLICABLE, "不从事涉及科技伦理敏感领域的生命科学、医学、人工智能等科技活动", values
    if sensitive is None:
        return MISSING, "未说明研究内容是否涉及科技伦理敏感领域", values
    if relevant is None:
        return MISSING, "未填写从事的科技领域", values
    named = "、".join(ETHICS_FIELDS[f] for f in relevant)
    if committee is True:
        return PASS, f"从事{named}科技活动且涉及科技伦理敏感领域，已设立科技伦理（审查）委员会", values
    if committee is False:
        return FAIL, f"从事{named}科技活动且涉及科技伦理敏感领域，未设立科技伦理（审查）委员会", values
    return MISSING, f"从事{named}科技活动且涉及科技伦理敏感领域，未说明是否设立科技伦理（审查）委员会", values


CHECKS: Mapping[str, Callable[[_Context], Outcome]] = {
    "industry_chain": industry_chain,
    "location_tech_advantage": location_tech_advantage,
    "independent_legal_person": independent_legal_person,
    "registered_two_years": registered_two_years,
    "operating_normally": operating_normally,
    "no_misconduct_record": no_misconduct_record,
    "not_blacklisted": not_blacklisted,
    "independent_accounting": independent_accounting,
    "independent_site": independent_site,
    "site_area": site_area,
    "pilot_equipment": pilot_equipment,
    "equipment_value": equipment_value,
    "pilot_line_or_projects": pilot_line_or_projects,
    "technical_leader": technical_leader,
    "fixed_rd_team": fixed_rd_team,
    "full_time_staff": full_time_staff,
    "full_time_technical_staff": full_time_technical_staff,
    "qualified_ratio": qualified_ratio,
    "safety_env_facilities": safety_env_facilities,
    "no_major_incident": no_major_incident,
    "standards_compliance": standards_compliance,
    "service_procedure_and_fees": service_procedure_and_fees,
    "ip_protection": ip_protection,
    "open_sharing": open_sharing,
    "service_list_published": service_list_published,
    "service_effectiveness": service_effectiveness,
    "ethics_committee": ethics_committee,
}
if tuple(CHECKS) != CHECK_IDS:  # the output order is the contract's order
    raise RuntimeError("CHECKS and CHECK_IDS disagree")


def evaluate(
    facts: Facts | Mapping[str, Any],
    policy: Policy | None = None,
    *,
    vocabulary: Vocabulary | None = None,
    today: date | None = None,
) -> Result:
    """Apply Article 7 (or `policy`'s conditions) to one applicant.

    `facts` may be a raw document (parsed here; `FactsError` when invalid) or parsed `Facts`.
    `policy` defaults to the Corps measure; `vocabulary` to the starting industry-chain list;
    `today` is what `as_of` defaults to (today in China Standard Time).
    """
    if policy is None:
        policy = CORPS_2024
    if vocabulary is None:
        vocabulary = INDUSTRY_CHAINS
    if not isinstance(facts, Facts):
        facts = parse_facts(facts, today=today, vocabulary=vocabulary)
    context = _Context(facts, policy, vocabulary)
    clauses = policy.clauses
    not_set = policy.not_set
    checks: list[Check] = []
    statuses: list[str] = []
    for check_id, function in CHECKS.items():
        if check_id in not_set:
            status, message, values = NOT_APPLICABLE, f"《{policy.title}》未设此项条件", {}
        else:
            status, message, values = function(context)
        checks.append(Check(check_id, clauses.get(check_id, ""), status, message, values))
        statuses.append(status)
    return Result(policy, facts.as_of, verdict_of(statuses), checks)
