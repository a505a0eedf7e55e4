"""The facts of one applicant (spec/eligibility.md, "Input"), parsed and validated as a whole.

A document is either entirely valid or rejected with a `FactsError` naming the first offending
field; nothing is half-evaluated. What an absent value means is described in the package
docstring (`pilotbase.rules`).
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from .codes import (
    EDUCATION,
    ETHICS_FIELDS,
    INCIDENT_TYPES,
    INDUSTRY_CHAINS,
    PILOT_LINES,
    SEVERITIES,
    TITLES,
    Vocabulary,
)
from .periods import china_today


class FactsError(ValueError):
    """The facts document is not acceptable; `field_path` names the field, e.g. `staff[3].education`.

    `str(error)` is `"<field_path>: <message>"`; `message_zh` is the same reason for a form.
    """

    def __init__(self, field_path: str, message: str, message_zh: str = "") -> None:
        super().__init__(f"{field_path}: {message}" if field_path else message)
        self.field_path = field_path
        self.message = message
        self.message_zh = message_zh or message


class StaffMember(NamedTuple):
    """One person on the base's roster; only `full_time` people count anywhere (Article 7(四))."""

    full_time: bool
    technical: bool
    education: str | None
    title: str | None
    years_of_service: int | Decimal | None


class Incident(NamedTuple):
    """A production-safety or quality accident, or an environmental violation (Article 7(五))."""

    date: date
    type: str
    severity: str


class Facts(NamedTuple):
    """The validated facts; `None` means the applicant did not give that fact.

    Immutable (a tuple, because building a frozen dataclass costs several times more and the
    engine parses tens of thousands a second); derive a variant with `facts._replace(...)`.
    """

    as_of: date
    # applicant — 7(二)
    independent_legal_person: bool | None = None
    registered_on: date | None = None
    operating_normally: bool | None = None
    serious_misconduct_in_penalty_period: bool | None = None
    credit_blacklisted: bool | None = None
    via_host_unit: bool | None = None
    independent_accounting: bool | None = None
    # industry — 7(一)
    chains: tuple[str, ...] | None = None
    # site and equipment — 7(三)
    site_independent: bool | None = None
    area_m2: Decimal | None = None
    pilot_line_equipment: bool | None = None
    process_qc_equipment: bool | None = None
    product_testing_equipment: bool | None = None
    original_value_yuan: Decimal | None = None
    pilot_lines: tuple[str, ...] | None = None
    external_pilot_projects: int | None = None
    # team — 7(四)
    technical_leader: bool | None = None
    fixed_rd_team: bool | None = None
    staff: tuple[StaffMember, ...] | None = None
    # safety — 7(五)
    safety_facilities: bool | None = None
    standards_compliant: bool | None = None
    incidents: tuple[Incident, ...] | None = None
    # management — 7(六)
    service_procedure_and_fees: bool | None = None
    ip_protection_measures: bool | None = None
    # openness — 7(七)
    open_sharing: bool | None = None
    service_list_published: bool | None = None
    # ethics — 7(八)
    ethics_fields: tuple[str, ...] | None = None
    ethics_sensitive: bool | None = None
    ethics_committee: bool | None = None


# Keys per object, and which of them are booleans. An unknown key is rejected so that a
# misspelt field cannot pass silently as "not given".
_TOP_KEYS = frozenset(
    {
        "as_of",
        "applicant",
        "industry",
        "site",
        "equipment",
        "pilot_lines",
        "external_pilot_projects",
        "team",
        "staff",
        "safety",
        "management",
        "openness",
        "ethics",
    }
)
_SECTION_BOOLEANS = {
    "applicant": frozenset(
        {
            "independent_legal_person",
            "operating_normally",
            "serious_misconduct_in_penalty_period",
            "credit_blacklisted",
            "via_host_unit",
            "independent_accounting",
        }
    ),
    "industry": frozenset(),
    "site": frozenset({"independent"}),
    "equipment": frozenset({"pilot_line", "process_qc", "product_testing"}),
    "team": frozenset({"technical_leader", "fixed_rd_team"}),
    "safety": frozenset({"facilities", "standards_compliant"}),
    "management": frozenset({"service_procedure_and_fees", "ip_protection_measures"}),
    "openness": frozenset({"open_sharing", "service_list_published"}),
    "ethics": frozenset({"ethics_sensitive", "ethics_committee"}),
}
_SECTION_OTHERS = {
    "applicant": frozenset({"registered_on"}),
    "industry": frozenset({"chains"}),
    "site": frozenset({"area_m2"}),
    "equipment": frozenset({"original_value_yuan"}),
    "team": frozenset(),
    "safety": frozenset({"incidents"}),
    "management": frozenset(),
    "openness": frozenset(),
    "ethics": frozenset({"fields"}),
}
_STAFF_KEYS = frozenset({"full_time", "technical", "education", "title", "years_of_service"})
_INCIDENT_KEYS = frozenset({"date", "type", "severity"})
_EMPTY: dict[str, Any] = {}
_EDUCATION_CODES = frozenset(EDUCATION)
_TITLE_CODES = frozenset(TITLES)
_PILOT_LINE_CODES = frozenset(PILOT_LINES)
_ETHICS_FIELD_CODES = frozenset(ETHICS_FIELDS)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")

# Built with tuple.__new__: NamedTuple's generated __new__ is Python code, and a roster has many rows.
_new_tuple = tuple.__new__


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _wrong_type(path: str, expected: str, expected_zh: str, value: object) -> FactsError:
    return FactsError(
        path,
        f"expected {expected}, got {_type_name(value)}",
        f"应为{expected_zh}，实际为 {_type_name(value)}",
    )


def _not_boolean(path: str, value: object) -> FactsError:
    return _wrong_type(path, "true, false or null", "true、false 或 null", value)


def _unknown_field(obj: dict, allowed: frozenset[str], path: str) -> FactsError:
    name = sorted(str(key) for key in obj if key not in allowed)[0]
    return FactsError(f"{path}.{name}" if path else name, "unknown field", "未知字段")


def _section(raw: dict, key: str) -> dict:
    """One object of the document, its keys known and its boolean facts true, false or null."""
    value = raw.get(key)
    if value is None:
        return _EMPTY
    if type(value) is not dict:
        raise _wrong_type(key, "an object", "对象", value)
    booleans = _SECTION_BOOLEANS[key]
    others = _SECTION_OTHERS[key]
    for name, item in value.items():
        if name in booleans:
            if item is not None and item is not True and item is not False:
                raise _not_boolean(f"{key}.{name}", item)
        elif name not in others:
            raise _unknown_field(value, booleans | others, key)
    return value


def _date(value: object, path: str) -> date:
    if type(value) is not str:
        raise _wrong_type(path, "a date 'YYYY-MM-DD'", "日期（YYYY-MM-DD）", value)
    if not _DATE.fullmatch(value):
        raise FactsError(path, f"not a date 'YYYY-MM-DD': {value!r}", f"日期格式应为 YYYY-MM-DD：{value!r}")
    try:
        return date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        raise FactsError(path, f"impossible date {value!r}", f"不存在的日期：{value!r}") from None


def _not_after(day: date, as_of: date, path: str) -> date:
    if day > as_of:
        raise FactsError(
            path,
            f"{day.isoformat()} is after as_of {as_of.isoformat()}",
            f"{day.isoformat()} 晚于评估日期 {as_of.isoformat()}",
        )
    return day


def _decimal(value: object, path: str) -> Decimal:
    """Money and areas: exact decimals. A JSON float is read through its shortest decimal text."""
    kind = type(value)
    if kind is int:
        number = Decimal(value)
    elif kind is str:
        if not _DECIMAL.fullmatch(value):
            raise FactsError(path, f"not a decimal number: {value!r}", f"不是十进制数：{value!r}")
        number = Decimal(value)
    elif kind is float:
        if not math.isfinite(value):
            raise FactsError(path, f"not a finite number: {value!r}", f"不是有限数：{value!r}")
        number = Decimal(repr(value))
    else:
        raise _wrong_type(path, "a number or decimal string", "数字或十进制数字符串", value)
    if number < 0:
        raise FactsError(path, "must not be negative", "不能为负数")
    return number


def _count(value: object, path: str) -> int:
    if type(value) is not int:
        raise _wrong_type(path, "a whole number", "整数", value)
    if value < 0:
        raise FactsError(path, "must not be negative", "不能为负数")
    return value


def _code(value: object, codes: object, path: str) -> str:
    if type(value) is not str:
        raise _wrong_type(path, "a code", "代码", value)
    if value not in codes:  # type: ignore[operator]
        raise FactsError(path, f"unknown code {value!r}", f"未知代码：{value!r}")
    return value


def _codes(value: object, codes: object, path: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if type(value) is not list and type(value) is not tuple:
        raise _wrong_type(path, "an array of codes", "代码数组", value)
    for i, item in enumerate(value):
        if type(item) is not str or item not in codes:  # type: ignore[operator]
            _code(item, codes, f"{path}[{i}]")
    return tuple(value)


def _staff(value: object) -> tuple[StaffMember, ...] | None:
    if value is None:
        return None
    if type(value) is not list and type(value) is not tuple:
        raise _wrong_type("staff", "an array", "数组", value)
    members = []
    append = members.append
    for entry in value:
        # The common, valid row is checked inline; any doubt goes to _staff_member_error for the message.
        if type(entry) is not dict or not entry.keys() <= _STAFF_KEYS:
            raise _staff_member_error(value, len(members))
        get = entry.get
        full_time = get("full_time")
        technical = get("technical")
        education = get("education")
        title = get("title")
        years = get("years_of_service")
        if (
            (full_time is not None and full_time is not True and full_time is not False)
            or (technical is not None and technical is not True and technical is not False)
            or (education is not None and (type(education) is not str or education not in _EDUCATION_CODES))
            or (title is not None and (type(title) is not str or title not in _TITLE_CODES))
        ):
            raise _staff_member_error(value, len(members))
        # Whole years are the usual entry; 7.5 (a decimal) is accepted too.
        if years is not None and (type(years) is not int or years < 0):
            years = _decimal(years, f"staff[{len(members)}].years_of_service")
        # Only `full_time: true` counts (spec: "only entries with full_time: true count anywhere"),
        # so an absent flag reads as not full-time rather than as an unknown.
        append(_new_tuple(StaffMember, (full_time is True, technical is True, education, title, years)))
    return tuple(members)


def _staff_member_error(roster: list | tuple, i: int) -> FactsError:
    """The precise complaint about row `i` of the roster, which the fast path found wanting."""
    entry = roster[i]
    path = f"staff[{i}]"
    if type(entry) is not dict:
        return _wrong_type(path, "an object", "对象", entry)
    if not entry.keys() <= _STAFF_KEYS:
        return _unknown_field(entry, _STAFF_KEYS, path)
    for key in ("full_time", "technical"):
        flag = entry.get(key)
        if flag is not None and flag is not True and flag is not False:
            return _not_boolean(f"{path}.{key}", flag)
    for key, codes in (("education", EDUCATION), ("title", TITLES)):
        code = entry.get(key)
        if code is not None:
            try:
                _code(code, codes, f"{path}.{key}")
            except FactsError as error:
                return error
    raise AssertionError(f"{path} was rejected without a reason")  # pragma: no cover


def _incidents(value: object, as_of: date) -> tuple[Incident, ...] | None:
    if value is None:
        return None
    if type(value) is not list and type(value) is not tuple:
        raise _wrong_type("safety.incidents", "an array", "数组", value)
    incidents = []
    for i, entry in enumerate(value):
        path = f"safety.incidents[{i}]"
        if type(entry) is not dict:
            raise _wrong_type(path, "an object", "对象", entry)
        if not entry.keys() <= _INCIDENT_KEYS:
            raise _unknown_field(entry, _INCIDENT_KEYS, path)
        for key in ("date", "type", "severity"):
            if entry.get(key) is None:
                raise FactsError(f"{path}.{key}", "required", "必填")
        day = _not_after(_date(entry["date"], f"{path}.date"), as_of, f"{path}.date")
        kind = _code(entry["type"], INCIDENT_TYPES, f"{path}.type")
        severity = _code(entry["severity"], SEVERITIES, f"{path}.severity")
        incidents.append(_new_tuple(Incident, (day, kind, severity)))
    return tuple(incidents)


def parse_facts(raw: object, *, today: date | None = None, vocabulary: Vocabulary | None = None) -> Facts:
    """Validate one applicant's facts document and return `Facts`, or raise `FactsError`.

    `today` is the date `as_of` defaults to (China Standard Time today when not given);
    `vocabulary` is the industry-chain list (retired codes are accepted: old applications).
    """
    # Nearly every document is valid: a quick pass accepts those, and anything it doubts goes
    # through the field-by-field path, which alone decides which field an error names.
    if type(raw) is dict and raw.keys() <= _TOP_KEYS:
        facts = _parse_valid(raw, today, INDUSTRY_CHAINS.codes if vocabulary is None else vocabulary.codes)
        if facts is not None:
            return facts
    return _parse_checked(raw, today, vocabulary)


# Parsed dates by their text: a call's documents repeat the same few hundred days.
_dates: dict[str, date] = {}
_DATES_KEPT = 4096
_FLAG_TYPES = frozenset({bool, type(None)})
_STRING_TYPE = frozenset({str})
_SECTIONS = (
    "applicant",
    "industry",
    "site",
    "equipment",
    "team",
    "safety",
    "management",
    "openness",
    "ethics",
)
_SECTION_KEYS = tuple(_SECTION_BOOLEANS[key] | _SECTION_OTHERS[key] for key in _SECTIONS)


def _known_date(value: object) -> date | None:
    """`value` as a date when it is a possible 'YYYY-MM-DD' text, else None (the caller says why)."""
    if type(value) is not str:
        return None
    day = _dates.get(value)
    if day is None:
        if not _DATE.fullmatch(value):
            return None
        try:
            day = date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            return None
        if len(_dates) >= _DATES_KEPT:
            _dates.clear()
        _dates[value] = day
    return day


def _valid_codes(value: object, codes: frozenset[str]) -> bool:
    """Absent, or an array of strings each of which is one of `codes`."""
    return value is None or (
        (type(value) is list or type(value) is tuple)
        and _STRING_TYPE.issuperset(map(type, value))
        and codes.issuperset(value)
    )


def _parse_valid(raw: dict, today: date | None, chain_codes: frozenset[str]) -> Facts | None:
    """The `Facts` of a document with nothing wrong in it, or None when anything is in doubt."""
    get = raw.get
    as_of = get("as_of")
    if as_of is None:
        as_of = today or china_today()
    else:
        as_of = _known_date(as_of)
        if as_of is None:
            return None
    sections = [get(key) for key in _SECTIONS]
    for i, section in enumerate(sections):
        if section is None:
            sections[i] = _EMPTY
        elif type(section) is not dict or not section.keys() <= _SECTION_KEYS[i]:
            return None
    applicant, industry, site, equipment, team, safety, management, openness, ethics = sections
    flags = (
        applicant.get("independent_legal_person"),
        applicant.get("operating_normally"),
        applicant.get("serious_misconduct_in_penalty_period"),
        applicant.get("credit_blacklisted"),
        applicant.get("via_host_unit"),
        applicant.get("independent_accounting"),
        site.get("independent"),
        equipment.get("pilot_line"),
        equipment.get("process_qc"),
        equipment.get("product_testing"),
        team.get("technical_leader"),
        team.get("fixed_rd_team"),
        safety.get("facilities"),
        safety.get("standards_compliant"),
        management.get("service_procedure_and_fees"),
        management.get("ip_protection_measures"),
        openness.get("open_sharing"),
        openness.get("service_list_published"),
        ethics.get("ethics_sensitive"),
        ethics.get("ethics_committee"),
    )
    if not _FLAG_TYPES.issuperset(map(type, flags)):
        return None
    registered_on = applicant.get("registered_on")
    if registered_on is not None:
        registered_on = _known_date(registered_on)
        if registered_on is None or registered_on > as_of:
            return None
    chains = industry.get("chains")
    pilot_lines = get("pilot_lines")
    fields = ethics.get("fields")
    if not (
        _valid_codes(chains, chain_codes)
        and _valid_codes(pilot_lines, _PILOT_LINE_CODES)
        and _valid_codes(fields, _ETHICS_FIELD_CODES)
    ):
        return None
    projects = get("external_pilot_projects")
    if projects is not None and (type(projects) is not int or projects < 0):
        return None
    area = site.get("area_m2")
    value_yuan = equipment.get("original_value_yuan")
    try:
        # The paths are only for the exception, which sends the document to the checked path.
        area = None if area is None else _decimal(area, "site.area_m2")
        value_yuan = None if value_yuan is None else _decimal(value_yuan, "equipment.original_value_yuan")
        staff = _staff(get("staff"))
    except FactsError:
        return None
    incidents = safety.get("incidents")
    if incidents is not None:
        incidents = _valid_incidents(incidents, as_of)
        if incidents is None:
            return None
    return _new_tuple(
        Facts,
        (
            as_of,
            flags[0],
            registered_on,
            flags[1],
            flags[2],
            flags[3],
            flags[4],
            flags[5],
            None if chains is None else tuple(chains),
            flags[6],
            area,
            flags[7],
            flags[8],
            flags[9],
            value_yuan,
            None if pilot_lines is None else tuple(pilot_lines),
            projects,
            flags[10],
            flags[11],
            staff,
            flags[12],
            flags[13],
            incidents,
            flags[14],
            flags[15],
            flags[16],
            flags[17],
            None if fields is None else tuple(fields),
            flags[18],
            flags[19],
        ),
    )


def _valid_incidents(value: object, as_of: date) -> tuple[Incident, ...] | None:
    """The incidents when every one is complete and correct, else None."""
    if type(value) is not list and type(value) is not tuple:
        return None
    incidents = []
    for entry in value:
        if type(entry) is not dict or not entry.keys() <= _INCIDENT_KEYS:
            return None
        day = _known_date(entry.get("date"))
        kind = entry.get("type")
        severity = entry.get("severity")
        if (
            day is None
            or day > as_of
            or type(kind) is not str
            or kind not in INCIDENT_TYPES
            or type(severity) is not str
            or severity not in SEVERITIES
        ):
            return None
        incidents.append(_new_tuple(Incident, (day, kind, severity)))
    return tuple(incidents)


def _parse_checked(raw: object, today: date | None, vocabulary: Vocabulary | None) -> Facts:
    """`parse_facts` field by field, in the document's order, so the first offending field is named."""
    if type(raw) is not dict:
        raise _wrong_type("", "a JSON object", "JSON 对象", raw)
    if not raw.keys() <= _TOP_KEYS:
        raise _unknown_field(raw, _TOP_KEYS, "")
    chains_vocabulary = INDUSTRY_CHAINS if vocabulary is None else vocabulary

    as_of = raw.get("as_of")
    as_of = (today or china_today()) if as_of is None else _date(as_of, "as_of")

    applicant = _section(raw, "applicant")
    registered_on = applicant.get("registered_on")
    if registered_on is not None:
        registered_on = _not_after(
            _date(registered_on, "applicant.registered_on"), as_of, "applicant.registered_on"
        )
    industry = _section(raw, "industry")
    site = _section(raw, "site")
    area = site.get("area_m2")
    equipment = _section(raw, "equipment")
    value_yuan = equipment.get("original_value_yuan")
    projects = raw.get("external_pilot_projects")
    team = _section(raw, "team")
    safety = _section(raw, "safety")
    management = _section(raw, "management")
    openness = _section(raw, "openness")
    ethics = _section(raw, "ethics")

    return Facts(
        as_of=as_of,
        independent_legal_person=applicant.get("independent_legal_person"),
        registered_on=registered_on,
        operating_normally=applicant.get("operating_normally"),
        serious_misconduct_in_penalty_period=applicant.get("serious_misconduct_in_penalty_period"),
        credit_blacklisted=applicant.get("credit_blacklisted"),
        via_host_unit=applicant.get("via_host_unit"),
        independent_accounting=applicant.get("independent_accounting"),
        chains=_codes(industry.get("chains"), chains_vocabulary.codes, "industry.chains"),
        site_independent=site.get("independent"),
        area_m2=None if area is None else _decimal(area, "site.area_m2"),
        pilot_line_equipment=equipment.get("pilot_line"),
        process_qc_equipment=equipment.get("process_qc"),
        product_testing_equipment=equipment.get("product_testing"),
        original_value_yuan=None
        if value_yuan is None
        else _decimal(value_yuan, "equipment.original_value_yuan"),
        pilot_lines=_codes(raw.get("pilot_lines"), PILOT_LINES, "pilot_lines"),
        external_pilot_projects=None if projects is None else _count(projects, "external_pilot_projects"),
        technical_leader=team.get("technical_leader"),
        fixed_rd_team=team.get("fixed_rd_team"),
        staff=_staff(raw.get("staff")),
        safety_facilities=safety.get("facilities"),
        standards_compliant=safety.get("standards_compliant"),
        incidents=_incidents(safety.get("incidents"), as_of),
        service_procedure_and_fees=management.get("service_procedure_and_fees"),
        ip_protection_measures=management.get("ip_protection_measures"),
        open_sharing=openness.get("open_sharing"),
        service_list_published=openness.get("service_list_published"),
        ethics_fields=_codes(ethics.get("fields"), ETHICS_FIELDS, "ethics.fields"),
        ethics_sensitive=ethics.get("ethics_sensitive"),
        ethics_committee=ethics.get("ethics_committee"),
    )
