"""The multi-step application form: which inputs each step has, and how posted values become the
facts document of spec/eligibility.md (plus the rows kept beside it).

The form is data so that rendering, autosave and parsing agree: a step only writes its own keys,
and a value that cannot be read yet (half-typed) is left out and reported, never guessed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from pilotbase.rules import (
    EDUCATION,
    ETHICS_FIELDS,
    INCIDENT_TYPES,
    INDUSTRY_CHAINS,
    PILOT_LINES,
    SEVERITIES,
    TITLES,
)

from .models import PlatformBasis

HOST_UNIT = "host_unit."
YES_NO = [("", "未填写"), ("1", "是"), ("0", "否")]


@dataclass(frozen=True)
class Field:
    path: str  # dotted path in the facts document, or "app.<attr>" for a column of Application
    label: str
    kind: str  # bool, date, decimal, int, text, textarea, lines, multi, choice
    choices: tuple = ()
    help: str = ""


@dataclass(frozen=True)
class RowSet:
    name: str  # key in Application.details
    label: str
    columns: tuple  # (key, label, kind, choices)


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple = ()
    rows: tuple = field(default_factory=tuple)


def _chains():
    return tuple(INDUSTRY_CHAINS.offered())


STEPS = [
    Step(
        "basic",
        "一、基地概况",
        (
            Field("app.name", "中试基地名称", "text"),
            Field("app.description", "基地简介", "textarea"),
            Field(
                "app.platform_basis",
                "依托创新平台（第五条）",
                "choice",
                (("", "请选择"), *PlatformBasis.choices),
            ),
            Field("app.platform_corps_level", "依托平台为兵团级及以上", "bool"),
            Field("app.co_builders", "共建单位（每行一个）", "lines"),
            Field("app.service_list", "中试服务清单草案（每行一项）", "lines"),
            Field("industry.chains", "所属或服务的兵团主导产业和重点产业链", "multi", _chains()),
            Field("applicant.via_host_unit", "以依托单位申报", "bool"),
            Field(
                "host_unit.credit_code",
                "依托单位统一社会信用代码（以依托单位申报时）",
                "text",
                help="已登记的单位按代码关联；尚未登记的，填写名称后在“保存并下一步”时登记",
            ),
            Field("host_unit.name", "依托单位名称（以依托单位申报时；已登记的单位可只填名称）", "text"),
            Field("applicant.independent_accounting", "财务收支独立核算（以依托单位申报时）", "bool"),
        ),
    ),
    Step(
        "conditions",
        "二、主体资格与场地设备",
        (
            Field("applicant.independent_legal_person", "具有独立法人资格", "bool"),
            Field("applicant.registered_on", "注册日期", "date"),
            Field("applicant.operating_normally", "正常经营", "bool"),
            Field("applicant.credit_blacklisted", "有社会领域信用“黑名单”记录", "bool"),
            Field("site.independent", "具备独立的中试场地", "bool"),
            Field("site.area_m2", "中试场地及配套设施面积（平方米）", "decimal"),
            Field("equipment.pilot_line", "具备中试生产线设备", "bool"),
            Field("equipment.process_qc", "具备中试生产过程质量控制检测设备", "bool"),
            Field("equipment.product_testing", "具备产品性能检测设备", "bool"),
            Field("pilot_lines", "拥有的中试线类型", "multi", tuple(PILOT_LINES.items())),
            Field("team.technical_leader", "有工程技术带头人", "bool"),
            Field("team.fixed_rd_team", "有固定研发团队", "bool"),
            Field("management.service_procedure_and_fees", "有明晰的对外服务承接程序及收费标准", "bool"),
            Field(
                "management.ip_protection_measures", "有保护小试产品知识产权和商业秘密的措施及制度", "bool"
            ),
            Field("openness.open_sharing", "提供开放共享中试服务", "bool"),
            Field("openness.service_list_published", "已对外发布中试服务清单", "bool"),
            Field("ethics.fields", "所属科技领域", "multi", tuple(ETHICS_FIELDS.items())),
            Field("ethics.ethics_sensitive", "研究内容涉及科技伦理敏感领域", "bool"),
            Field("ethics.ethics_committee", "已设立科技伦理（审查）委员会", "bool"),
        ),
        (
            RowSet(
                "equipment",
                "验证设备清单（原值合计即设备原值）",
                (("name", "设备名称", "text", ()), ("original_value_yuan", "原值（元）", "decimal", ())),
            ),
            RowSet(
                "external_projects",
                "已开展的对外中试项目",
                (
                    ("name", "项目名称", "text", ()),
                    ("client", "委托单位", "text", ()),
                    ("year", "年份", "int", ()),
                ),
            ),
        ),
    ),
    Step(
        "staff",
        "三、人才队伍",
        (),
        (
            RowSet(
                "staff",
                "中试基地人员名册",
                (
                    ("name", "姓名", "text", ()),
                    ("full_time", "专职", "bool", ()),
                    ("technical", "技术人员", "bool", ()),
                    ("education", "学历", "choice", (("", "请选择"), *EDUCATION.items())),
                    ("title", "职称", "choice", (("", "请选择"), *TITLES.items())),
                    ("years_of_service", "工龄（年）", "int", ()),
                ),
            ),
        ),
    ),
    Step(
        "safety",
        "四、安全环保",
        (
            Field("safety.facilities", "具备必需的安全、环保设施装备", "bool"),
            Field("safety.standards_compliant", "生产环境和工艺流程符合国家和兵团标准", "bool"),
        ),
        (
            RowSet(
                "incidents",
                "近两年内的生产安全、质量事故或环境违法行为",
                (
                    ("date", "日期", "date", ()),
                    ("type", "类型", "choice", (("", "请选择"), *INCIDENT_TYPES.items())),
                    ("severity", "等级", "choice", (("", "请选择"), *SEVERITIES.items())),
                    ("description", "简要情况", "text", ()),
                ),
            ),
        ),
    ),
]
STEP_SLUGS = [s.slug for s in STEPS]
ALL_STEPS = [*STEP_SLUGS, "materials", "submit"]
STEP_TITLES = {
    **{s.slug: s.title for s in STEPS},
    "materials": "五、申报材料",
    "submit": "六、条件核对与提交",
}


def get_step(slug: str) -> Step | None:
    return next((s for s in STEPS if s.slug == slug), None)


def _get(doc: dict, path: str) -> Any:
    cur: Any = doc
    for part in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _set(doc: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    cur = doc
    for part in parts[:-1]:
        cur = cur.setdefault(part, {})
    if value is None:
        cur.pop(parts[-1], None)
    else:
        cur[parts[-1]] = value


def _convert(kind: str, raw: str, choices=()) -> Any:
    """Posted text → a facts value; None for empty; ValueError with a Chinese message when unreadable."""
    raw = (raw or "").strip()
    if raw == "":
        return None
    if kind == "bool":
        if raw not in ("1", "0"):
            raise ValueError("请选择“是”或“否”")
        return raw == "1"
    if kind == "date":
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError as exc:
            raise ValueError("日期格式应为 YYYY-MM-DD") from exc
    if kind == "decimal":
        try:
            value = Decimal(raw.replace(",", "").replace("，", ""))
        except InvalidOperation as exc:
            raise ValueError("请填写数字") from exc
        if not value.is_finite() or value < 0:
            raise ValueError("请填写非负数字")
        return str(value)
    if kind == "int":
        if not raw.isdigit():
            raise ValueError("请填写非负整数")
        return int(raw)
    if kind == "choice":
        if choices and raw not in {c for c, _ in choices}:
            raise ValueError("不在可选范围内")
        return raw
    return raw[:5000]


def current_values(application) -> dict[str, Any]:
    """What each input shows now: {path: value}."""
    values: dict[str, Any] = {}
    for step in STEPS:
        for f in step.fields:
            if f.path.startswith(HOST_UNIT):
                host = application.host_unit
                values[f.path] = getattr(host, f.path[len(HOST_UNIT) :]) if host else ""
            elif f.path.startswith("app."):
                v = getattr(application, f.path[4:])
                if f.path == "app.co_builders" and application.pk:
                    codes = {o.name: o.credit_code for o in application.co_builder_organisations.all()}
                    v = [f"{n} {codes[n]}" if n in codes else n for n in v or []]
                if f.kind == "lines":
                    v = "\n".join(v or [])
                elif f.kind == "bool":
                    v = "" if v is None else ("1" if v else "0")
                values[f.path] = v
            else:
                v = _get(application.facts or {}, f.path)
                if f.kind == "bool":
                    v = "" if v is None else ("1" if v else "0")
                elif f.kind == "multi":
                    v = list(v or [])
                values[f.path] = "" if v is None else v
    return values


def apply_step(application, step: Step, post) -> dict[str, str]:
    """Write the posted values of one step into the application (not saved). Returns {path: error}
    for values left out because they cannot be read yet."""
    errors: dict[str, str] = {}
    facts = dict(application.facts or {})
    details = dict(application.details or {})
    for f in step.fields:
        if f.path.startswith(HOST_UNIT):
            continue  # an organisation, looked up (or registered) by services.save_draft
        if f.kind == "multi":
            allowed = {c for c, _ in f.choices} | set(_get(facts, f.path) or [])
            value = [v for v in post.getlist(f.path) if v in allowed]
            if f.path + "__present" in post or value:
                _set(facts, f.path, value)
            continue
        if f.path not in post:
            continue
        raw = post.get(f.path, "")
        if f.kind == "lines":
            value = [line.strip()[:200] for line in raw.splitlines() if line.strip()]
        else:
            try:
                value = _convert(f.kind, raw, f.choices)
            except ValueError as exc:
                errors[f.path] = str(exc)
                continue
        if f.path.startswith("app."):
            attr = f.path[4:]
            if value is None and f.kind in ("text", "textarea", "choice"):
                value = ""
            setattr(application, attr, value)
        else:
            _set(facts, f.path, value)
    for rowset in step.rows:
        if f"{rowset.name}__present" not in post:
            continue
        columns = {key: post.getlist(f"{rowset.name}.{key}") for key, *_ in rowset.columns}
        n = max((len(v) for v in columns.values()), default=0)
        rows = []
        for i in range(n):
            row: dict[str, Any] = {}
            for key, _label, kind, choices in rowset.columns:
                raw = columns[key][i] if i < len(columns[key]) else ""
                try:
                    value = _convert(kind, raw, choices)
                except ValueError as exc:
                    errors[f"{rowset.name}[{i}].{key}"] = str(exc)
                    value = None
                if value is not None:
                    row[key] = value
            if row:
                rows.append(row)
        details[rowset.name] = rows
        _derive(facts, rowset.name, rows)
    application.facts = facts
    application.details = details
    return errors


def _derive(facts: dict, name: str, rows: list[dict]) -> None:
    """The facts that the rows stand for, in the spec's format."""
    if name == "staff":
        facts["staff"] = [
            {k: r[k] for k in ("full_time", "technical", "education", "title", "years_of_service") if k in r}
            for r in rows
        ]
    elif name == "equipment":
        values = [Decimal(r["original_value_yuan"]) for r in rows if "original_value_yuan" in r]
        if values:
            facts.setdefault("equipment", {})["original_value_yuan"] = str(sum(values))
        else:
            facts.get("equipment", {}).pop("original_value_yuan", None)
    elif name == "external_projects":
        facts["external_pilot_projects"] = len([r for r in rows if r.get("name")])
    elif name == "incidents":
        safety = facts.setdefault("safety", {})
        safety["incidents"] = [{k: r[k] for k in ("date", "type", "severity") if k in r} for r in rows]


def rows_of(application, rowset: RowSet) -> list[dict]:
    rows = list((application.details or {}).get(rowset.name) or [])
    out = []
    for r in rows:
        out.append(
            {
                key: (
                    ""
                    if r.get(key) is None
                    else ("1" if r.get(key) is True else "0" if r.get(key) is False else r.get(key))
                )
                for key, *_ in rowset.columns
            }
        )
    return out
