"""Article 7 (申报条件) as checks: each check carries out one requirement and explains its numbers.

Each check is a function of the applicant's facts returning (status, message, values); `evaluate`
runs them all in the contract's order and derives the verdict. Values that never change (a flag
check's outcomes, a policy's thresholds in words) are built once, because the engine evaluates
tens of thousands of applicants a second when a whole call is re-checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, NamedTuple

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


class Check(NamedTuple):
    """The outcome of one condition: `status` is one of STATUSES; `message` is for people.

    `values` is read-only: the numbers and dates the message explains.
    """

    id: str
    clause: str
    status: str
    message: str
    values: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "clause": self.clause,
            "status": self.status,
            "message": self.message,
            "values": dict(self.values),
        }


class Result:
    """Every check of the policy, in the spec's order, and the verdict they lead to.

    The checks are all decided when the result is made; the `Check` records are assembled from
    those outcomes on first read, because bulk re-evaluation often needs only the verdict.
    """

    __slots__ = ("policy", "as_of", "verdict", "_steps", "_outcomes", "_checks")

    def __init__(
        self,
        policy: Policy,
        as_of: date,
        verdict: str,
        steps: tuple[tuple[str, str, Any], ...],
        outcomes: list[Outcome],
    ) -> None:
        self.policy = policy
        self.as_of = as_of
        self.verdict = verdict
        self._steps = steps
        self._outcomes = outcomes
        self._checks: list[Check] | None = None

    @property
    def checks(self) -> list[Check]:
        if self._checks is None:
            self._checks = [
                _new_tuple(Check, (step[0], step[1], *outcome))
                for step, outcome in zip(self._steps, self._outcomes, strict=True)
            ]
        return self._checks

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

    def __repr__(self) -> str:
        return f"<Result {self.policy.id} {self.as_of.isoformat()} {self.verdict}>"


def verdict_of(statuses: list[str]) -> str:
    """A failure decides; otherwise a missing fact leaves it open; manual checks go to reviewers."""
    if FAIL in statuses:
        return INELIGIBLE
    if MISSING in statuses:
        return INCOMPLETE
    return MEETS_THRESHOLDS


def _shown(value: Decimal | int) -> str:
    """For people: thousands separators, no exponent, the decimals as given (4,999,999.99)."""
    return f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"


def _exact(value: Decimal) -> str:
    """For `values`: the exact decimal as text, never a float."""
    return f"{value:f}"


def _percent(ratio: Fraction) -> str:
    hundredfold = ratio * 100
    if hundredfold.denominator == 1:
        return f"{hundredfold.numerator}%"
    return f"{float(hundredfold):.2f}%"


# tuple.__new__ skips NamedTuple's Python-level __new__: 27 checks per applicant add up.
_new_tuple = tuple.__new__

# (status, message, values): what a check function returns before the clause and id are attached.
Outcome = tuple[str, str, Mapping[str, Any]]
_EMPTY: Mapping[str, Any] = MappingProxyType({})


class _Terms:
    """A policy's thresholds as the checks compare and print them; built once per policy."""

    __slots__ = (
        "policy",
        "registered_years",
        "registered_words",
        "site_min",
        "site_min_exact",
        "site_min_shown",
        "equipment_min",
        "equipment_min_exact",
        "equipment_min_shown",
        "projects_min",
        "pilot_line_suffices",
        "staff_min",
        "technical_min",
        "years_min",
        "ratio_numerator",
        "ratio_denominator",
        "ratio_exact",
        "ratio_percent",
        "window_years",
        "window_words",
        "registered_texts",
        "windows",
    )

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.registered_years = int(policy.registered_years.value)
        self.registered_words = years_in_words(self.registered_years)
        self.site_min = Decimal(policy.min_site_area_m2.value)
        self.site_min_exact = _exact(self.site_min)
        self.site_min_shown = _shown(self.site_min)
        self.equipment_min = Decimal(policy.min_equipment_value_yuan.value)
        self.equipment_min_exact = _exact(self.equipment_min)
        self.equipment_min_shown = _shown(self.equipment_min)
        self.projects_min = int(policy.min_external_pilot_projects.value)
        self.pilot_line_suffices = policy.pilot_line_suffices
        self.staff_min = int(policy.min_full_time_staff.value)
        self.technical_min = int(policy.min_full_time_technical_staff.value)
        self.years_min = policy.min_years_of_service.value
        ratio = Fraction(policy.min_qualified_ratio.value)
        self.ratio_numerator = ratio.numerator
        self.ratio_denominator = ratio.denominator
        self.ratio_exact = str(ratio)
        self.ratio_percent = _percent(ratio)
        self.window_years = int(policy.incident_window_years.value)
        self.window_words = years_in_words(self.window_years)
        # Dates and their texts by day: a call's applicants share a few hundred days, and
        # formatting a date costs more than looking it up.
        self.registered_texts: dict[date, tuple[date, str, str]] = {}
        self.windows: dict[date, tuple[date, str, str, str]] = {}


class _Context:
    """What the checks of one evaluation share."""

    __slots__ = ("facts", "terms", "vocabulary", "as_of_text", "_roster")

    def __init__(self, facts: Facts, terms: _Terms, vocabulary: Vocabulary) -> None:
        self.facts = facts
        self.terms = terms
        self.vocabulary = vocabulary
        as_of = facts.as_of
        text = _as_of_texts.get(as_of)
        if text is None:
            text = as_of.isoformat()
            _remember(_as_of_texts, as_of, text)
        self.as_of_text = text
        self._roster: tuple[int, int, int] | None = None

    def roster(self) -> tuple[int, int, int]:
        """(full-time, full-time technical, full-time technical and qualified), counted once.

        7(四): only full-time people count; a technical person qualifies with 本科（含）以上学历,
        中级（含）以上职称 or 8年以上工龄 — any one of the three.
        """
        if self._roster is None:
            min_years = self.terms.years_min
            full_time = technical = qualified = 0
            for is_full_time, is_technical, education, title, years in self.facts.staff or ():
                if is_full_time:
                    full_time += 1
                    if is_technical:
                        technical += 1
                        if (
                            education in QUALIFYING_EDUCATION
                            or title in QUALIFYING_TITLES
                            or (years is not None and years >= min_years)
                        ):
                            qualified += 1
            self._roster = (full_time, technical, qualified)
        return self._roster


CheckFunction = Callable[[_Context], Outcome]

_as_of_texts: dict[date, str] = {}
_DAYS_KEPT = 4096


def _remember(cache: dict, key: Any, value: Any) -> None:
    """Kept bounded: a long-running process sees ever new days."""
    if len(cache) >= _DAYS_KEPT:
        cache.clear()
    cache[key] = value


def _flag_check(
    check_id: str, attribute: str, yes: str, no: str, missing: str, *, passes: bool = True
) -> CheckFunction:
    """A condition that is one declared fact: `passes` passes, the other value fails, absent is missing."""
    index = Facts._fields.index(attribute)
    outcomes = {
        passes: (PASS, yes, MappingProxyType({"value": passes})),
        not passes: (FAIL, no, MappingProxyType({"value": not passes})),
        None: (MISSING, missing, MappingProxyType({"value": None})),
    }

    def check(c: _Context) -> Outcome:
        return outcomes[c.facts[index]]

    check.__name__ = check.__qualname__ = check_id
    check.__doc__ = f"`{attribute}` is {str(passes).lower()}: {yes}."
    return check


def _constant_check(status: str, message: str) -> CheckFunction:
    outcome = (status, message, _EMPTY)

    def check(c: _Context) -> Outcome:
        return outcome

    return check


def _manual_check(check_id: str, message: str) -> CheckFunction:
    """A judgement experts or reviewers make; the engine lists it and never decides it."""
    check = _constant_check(MANUAL, message)
    check.__name__ = check.__qualname__ = check_id
    check.__doc__ = message
    return check


# --- 7(一) ---------------------------------------------------------------------------------


def industry_chain(c: _Context) -> Outcome:
    """7(一): 属于或服务于兵团主导产业和重点产业链 — at least one code the vocabulary knows."""
    chains = c.facts.chains
    if chains is None:
        return MISSING, "未填写所属或服务的兵团主导产业和重点产业链", {"chains": None}
    vocabulary = c.vocabulary
    known = [code for code in chains if code in vocabulary]
    values = {"chains": list(chains)}
    if known:
        labels = "、".join([vocabulary.label(code) for code in known])
        return PASS, f"属于或服务于兵团主导产业和重点产业链：{labels}", values
    if not chains:
        return FAIL, "未属于或服务于任何兵团主导产业和重点产业链", values
    # Only when facts parsed with one vocabulary are evaluated with another.
    return FAIL, f"所填产业链不在兵团主导产业和重点产业链目录中：{'、'.join(chains)}", values


location_tech_advantage = _manual_check(
    "location_tech_advantage", "是否具备明显的区位优势与技术优势，由专家评审判断"
)

# --- 7(二) ---------------------------------------------------------------------------------

independent_legal_person = _flag_check(
    "independent_legal_person",
    "independent_legal_person",
    "具有独立法人资格",
    "不具有独立法人资格",
    "未说明是否具有独立法人资格",
)


def registered_two_years(c: _Context) -> Outcome:
    """7(二): 注册且正常经营满两年 — 满 includes the anniversary itself."""
    registered_on = c.facts.registered_on
    terms = c.terms
    words = terms.registered_words
    if registered_on is None:
        return MISSING, "未填写注册日期", {"registered_on": None, "two_years_on": None}
    known = terms.registered_texts.get(registered_on)
    if known is None:
        reached_on = add_years(registered_on, terms.registered_years)
        known = (reached_on, registered_on.isoformat(), reached_on.isoformat())
        _remember(terms.registered_texts, registered_on, known)
    reached_on, registered_text, reached_text = known
    values = {"registered_on": registered_text, "two_years_on": reached_text}
    if c.facts.as_of >= reached_on:
        return PASS, f"注册满{words}：{registered_text} 注册，截至 {c.as_of_text} 已满{words}", values
    return (
        FAIL,
        f"注册未满{words}：{registered_text} 注册，{reached_text} 方满{words}，截至 {c.as_of_text} 尚未满",
        values,
    )


operating_normally = _flag_check(
    "operating_normally", "operating_normally", "正常经营", "未正常经营", "未说明是否正常经营"
)

# The facts are phrased positively (has a record), the conditions negatively: false passes.
no_misconduct_record = _flag_check(
    "no_misconduct_record",
    "serious_misconduct_in_penalty_period",
    "无在惩戒执行期内的科研严重失信行为记录",
    "有在惩戒执行期内的科研严重失信行为记录",
    "未说明是否有在惩戒执行期内的科研严重失信行为记录",
    passes=False,
)
not_blacklisted = _flag_check(
    "not_blacklisted",
    "credit_blacklisted",
    "无相关社会领域信用“黑名单”记录",
    "有相关社会领域信用“黑名单”记录",
    "未说明是否有相关社会领域信用“黑名单”记录",
    passes=False,
)


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

independent_site = _flag_check(
    "independent_site", "site_independent", "具备独立的场地", "不具备独立的场地", "未说明是否具备独立的场地"
)


def site_area(c: _Context) -> Outcome:
    """7(三): 面积不低于2000平方米 — exactly 2000 passes."""
    area = c.facts.area_m2
    terms = c.terms
    if area is None:
        return (
            MISSING,
            "未填写中试场地及配套设施面积",
            {"area_m2": None, "minimum_m2": terms.site_min_exact},
        )
    values = {"area_m2": _exact(area), "minimum_m2": terms.site_min_exact}
    if area >= terms.site_min:
        return (
            PASS,
            f"中试场地及配套设施面积 {_shown(area)} 平方米，不低于 {terms.site_min_shown} 平方米",
            values,
        )
    return FAIL, f"中试场地及配套设施面积 {_shown(area)} 平方米，低于 {terms.site_min_shown} 平方米", values


_EQUIPMENT_KINDS = (
    (Facts._fields.index("pilot_line_equipment"), "pilot_line", "中试生产线设备"),
    (Facts._fields.index("process_qc_equipment"), "process_qc", "中试生产过程质量控制检测设备"),
    (Facts._fields.index("product_testing_equipment"), "product_testing", "产品性能检测设备"),
)


def pilot_equipment(c: _Context) -> Outcome:
    """7(三): 中试生产线设备、过程质量控制检测和产品性能检测设备 — all three."""
    facts = c.facts
    lacking = []
    unknown = []
    values = {}
    for index, key, label in _EQUIPMENT_KINDS:
        value = facts[index]
        values[key] = value
        if value is False:
            lacking.append(label)
        elif value is None:
            unknown.append(label)
    if lacking:
        values["lacking"] = [key for index, key, label in _EQUIPMENT_KINDS if facts[index] is False]
        return FAIL, f"缺少{'、'.join(lacking)}", values
    if unknown:
        return MISSING, f"未说明是否具备{'、'.join(unknown)}", values
    return (
        PASS,
        "具备中试生产线设备、中试生产过程质量控制检测设备和产品性能检测设备",
        values,
    )


def equipment_value(c: _Context) -> Outcome:
    """7(三): 设备原值在500万元以上 — 以上 includes 5,000,000.00 itself."""
    value = c.facts.original_value_yuan
    terms = c.terms
    if value is None:
        return (
            MISSING,
            "未填写设备原值",
            {"original_value_yuan": None, "minimum_yuan": terms.equipment_min_exact},
        )
    values = {"original_value_yuan": _exact(value), "minimum_yuan": terms.equipment_min_exact}
    if value >= terms.equipment_min:
        return PASS, f"设备原值 {_shown(value)} 元，在 {terms.equipment_min_shown} 元以上", values
    return FAIL, f"设备原值 {_shown(value)} 元，低于 {terms.equipment_min_shown} 元", values


def pilot_line_or_projects(c: _Context) -> Outcome:
    """7(三): 拥有中试线，或至少已开展对外中试项目不少于2项 — either suffices."""
    lines = c.facts.pilot_lines
    projects = c.facts.external_pilot_projects
    minimum = c.terms.projects_min
    suffices = c.terms.pilot_line_suffices
    values = {
        "pilot_lines": None if lines is None else list(lines),
        "external_pilot_projects": projects,
        "minimum_projects": minimum,
    }
    if suffices and lines:
        return PASS, f"拥有中试线：{'、'.join([PILOT_LINES[code] for code in lines])}", values
    if projects is not None and projects >= minimum:
        return PASS, f"已开展对外中试项目 {projects} 项，不少于 {minimum} 项", values
    if projects is None or (suffices and lines is None):
        absent = []
        if suffices and lines is None:
            absent.append("中试线")
        if projects is None:
            absent.append("对外中试项目数")
        return MISSING, f"未填写{'、'.join(absent)}", values
    if suffices:
        return FAIL, f"无中试线，对外中试项目 {projects} 项，少于 {minimum} 项", values
    return FAIL, f"对外中试项目 {projects} 项，少于 {minimum} 项", values


# --- 7(四) ---------------------------------------------------------------------------------

technical_leader = _flag_check(
    "technical_leader",
    "technical_leader",
    "有工程技术带头人",
    "没有工程技术带头人",
    "未说明是否有工程技术带头人",
)
fixed_rd_team = _flag_check(
    "fixed_rd_team", "fixed_rd_team", "有固定研发团队", "没有固定研发团队", "未说明是否有固定研发团队"
)


def full_time_staff(c: _Context) -> Outcome:
    """7(四): 专职人员6名（含）以上; part-time people never count."""
    staff = c.facts.staff
    minimum = c.terms.staff_min
    if staff is None:
        return MISSING, "未提供人员名单", {"full_time": None, "minimum": minimum}
    count = c.roster()[0]
    values = {"full_time": count, "minimum": minimum}
    if count >= minimum:
        return PASS, f"专职人员 {count} 名，达到 {minimum} 名（含）以上", values
    return FAIL, f"专职人员 {count} 名，少于 {minimum} 名", values


def full_time_technical_staff(c: _Context) -> Outcome:
    """7(四): 其中专职技术人员4名（含）以上."""
    staff = c.facts.staff
    minimum = c.terms.technical_min
    if staff is None:
        return MISSING, "未提供人员名单", {"full_time_technical": None, "minimum": minimum}
    count = c.roster()[1]
    values = {"full_time_technical": count, "minimum": minimum}
    if count >= minimum:
        return PASS, f"专职技术人员 {count} 名，达到 {minimum} 名（含）以上", values
    return FAIL, f"专职技术人员 {count} 名，少于 {minimum} 名", values


def qualified_ratio(c: _Context) -> Outcome:
    """7(四): full-time technical staff with 本科（含）以上学历, 中级（含）以上职称 or 8年以上工龄
    are at least 60 % of all full-time staff (占总人数), compared exactly."""
    staff = c.facts.staff
    terms = c.terms
    if staff is None:
        return (
            MISSING,
            "未提供人员名单",
            {"qualified": None, "full_time": None, "minimum_ratio": terms.ratio_exact},
        )
    total, _, qualified = c.roster()
    values = {"qualified": qualified, "full_time": total, "minimum_ratio": terms.ratio_exact}
    if total == 0:
        return MISSING, "没有专职人员，无法计算符合条件的技术人员占比", values
    # Rounded down for display, so that a failing share never shows as 60.0%.
    share = f"{qualified * 1000 // total / 10:.1f}%"
    head = (
        f"具有本科（含）以上学历、中级（含）以上职称或{terms.years_min}年以上工龄的专职技术人员 {qualified} 名，"
        f"占专职人员 {total} 名的 {share}"
    )
    # Cross-multiplied so that 3 of 5 is exactly 60 %, never 59.999…
    if qualified * terms.ratio_denominator >= total * terms.ratio_numerator:
        return PASS, f"{head}，达到 {terms.ratio_percent}（含）以上", values
    return FAIL, f"{head}，低于 {terms.ratio_percent}", values


# --- 7(五) ---------------------------------------------------------------------------------

safety_env_facilities = _flag_check(
    "safety_env_facilities",
    "safety_facilities",
    "具备必需的安全、环保设施装备",
    "不具备必需的安全、环保设施装备",
    "未说明是否具备必需的安全、环保设施装备",
)


def no_major_incident(c: _Context) -> Outcome:
    """7(五): 近两年内未发生较大以上事故 — the window includes the day two years back and as_of."""
    as_of = c.facts.as_of
    terms = c.terms
    known = terms.windows.get(as_of)
    if known is None:
        since = add_years(as_of, -terms.window_years)
        since_text = since.isoformat()
        window = f"近{terms.window_words}内（{since_text} 至 {c.as_of_text}）"
        known = (since, since_text, window, f"{window}未发生较大以上生产安全、质量事故或严重环境违法行为")
        _remember(terms.windows, as_of, known)
    since, since_text, window, none_happened = known
    incidents = c.facts.incidents
    if incidents is None:
        values = {"window_from": since_text, "window_to": c.as_of_text, "incidents": None}
        return MISSING, f"未说明{window}是否发生事故", values
    if not incidents:
        values = {"window_from": since_text, "window_to": c.as_of_text, "incidents": []}
        return PASS, none_happened, values
    counted = [
        incident
        for incident in incidents
        if incident[2] in COUNTED_SEVERITIES and since <= incident[0] <= as_of  # severity, date
    ]
    values = {
        "window_from": since_text,
        "window_to": c.as_of_text,
        "incidents": [{"date": i.date.isoformat(), "type": i.type, "severity": i.severity} for i in counted],
    }
    if counted:
        named = "；".join(
            [f"{i.date.isoformat()} {SEVERITIES[i.severity]}{INCIDENT_TYPES[i.type]}" for i in counted]
        )
        return FAIL, f"{window}发生较大以上事故或严重环境违法行为：{named}", values
    return PASS, none_happened, values


_STANDARDS_DECLARED = {
    True: (
        MANUAL,
        "生产环境和工艺流程软硬件是否符合国家和兵团相关标准，由专家评审和现场核查判断（申报单位自述：符合）",
        MappingProxyType({"declared": True}),
    ),
    False: (
        MANUAL,
        "生产环境和工艺流程软硬件是否符合国家和兵团相关标准，由专家评审和现场核查判断（申报单位自述：不符合）",
        MappingProxyType({"declared": False}),
    ),
    None: (
        MANUAL,
        "生产环境和工艺流程软硬件是否符合国家和兵团相关标准，由专家评审和现场核查判断",
        MappingProxyType({"declared": None}),
    ),
}


def standards_compliance(c: _Context) -> Outcome:
    """7(五): 生产环境和工艺流程软硬件符合标准 — verified by experts and the site visit, whatever the
    applicant declares."""
    return _STANDARDS_DECLARED[c.facts.standards_compliant]


# --- 7(六) ---------------------------------------------------------------------------------

service_procedure_and_fees = _flag_check(
    "service_procedure_and_fees",
    "service_procedure_and_fees",
    "有明晰的对外服务承接程序及收费标准",
    "没有明晰的对外服务承接程序及收费标准",
    "未说明是否有对外服务承接程序及收费标准",
)
ip_protection = _flag_check(
    "ip_protection",
    "ip_protection_measures",
    "有保护小试产品知识产权和商业秘密的措施及制度",
    "没有保护小试产品知识产权和商业秘密的措施及制度",
    "未说明是否有保护知识产权和商业秘密的措施及制度",
)

# --- 7(七) ---------------------------------------------------------------------------------

open_sharing = _flag_check(
    "open_sharing",
    "open_sharing",
    "能为高校、科研机构、企业等提供开放共享中试服务",
    "不提供开放共享中试服务",
    "未说明是否提供开放共享中试服务",
)
service_list_published = _flag_check(
    "service_list_published",
    "service_list_published",
    "已对外发布中试服务清单",
    "未对外发布中试服务清单",
    "未说明是否对外发布中试服务清单",
)
service_effectiveness = _manual_check(
    "service_effectiveness", "衍生孵化、中试服务成效是否显著，由专家评审判断"
)

# --- 7(八) ---------------------------------------------------------------------------------


def ethics_committee(c: _Context) -> Outcome:
    """7(八): a 科技伦理（审查）委员会 when ethics-sensitive work is in life sciences, medicine or AI."""
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
    named = "、".join([ETHICS_FIELDS[f] for f in relevant])
    if committee is True:
        return PASS, f"从事{named}科技活动且涉及科技伦理敏感领域，已设立科技伦理（审查）委员会", values
    if committee is False:
        return FAIL, f"从事{named}科技活动且涉及科技伦理敏感领域，未设立科技伦理（审查）委员会", values
    return MISSING, f"从事{named}科技活动且涉及科技伦理敏感领域，未说明是否设立科技伦理（审查）委员会", values


CHECKS: Mapping[str, CheckFunction] = MappingProxyType(
    {
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
)
if tuple(CHECKS) != CHECK_IDS:  # the output order is the contract's order
    raise RuntimeError("CHECKS and CHECK_IDS disagree")


_Plan = tuple[_Terms, tuple[tuple[str, str, CheckFunction], ...]]
_plans: dict[int, tuple[Policy, _Plan]] = {}


def _plan(policy: Policy) -> _Plan:
    """The policy's terms and the checks to run, in order, with their clauses; built once per policy."""
    cached = _plans.get(id(policy))
    # The policy is kept in the cache entry, so its id cannot be reused by another object.
    if cached is not None and cached[0] is policy:
        return cached[1]
    not_set = _constant_check(NOT_APPLICABLE, f"《{policy.title}》未设此项条件")
    steps = tuple(
        (check_id, policy.clauses.get(check_id, ""), not_set if check_id in policy.not_set else function)
        for check_id, function in CHECKS.items()
    )
    plan = (_Terms(policy), steps)
    _plans[id(policy)] = (policy, plan)
    return plan


def evaluate(
    facts: Facts | Mapping[str, Any],
    policy: Policy | None = None,
    *,
    vocabulary: Vocabulary | None = None,
    today: date | None = None,
) -> Result:
    """Apply Article 7 (or `policy`'s conditions) to one applicant; every check, in order.

    `facts` may be a raw document (parsed here, `FactsError` when invalid) or parsed `Facts`.
    `policy` defaults to the Corps measure, `vocabulary` to the starting industry-chain list, and
    `today` is what a missing `as_of` means (today in China Standard Time when not given).
    """
    if policy is None:
        policy = CORPS_2024
    if vocabulary is None:
        vocabulary = INDUSTRY_CHAINS
    if not isinstance(facts, Facts):
        facts = parse_facts(facts, today=today, vocabulary=vocabulary)
    terms, steps = _plan(policy)
    context = _Context(facts, terms, vocabulary)
    outcomes = [function(context) for _, _, function in steps]
    statuses = [outcome[0] for outcome in outcomes]
    verdict = INELIGIBLE if FAIL in statuses else INCOMPLETE if MISSING in statuses else MEETS_THRESHOLDS
    return Result(policy, facts.as_of, verdict, steps, outcomes)
