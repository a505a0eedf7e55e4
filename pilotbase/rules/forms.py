"""The self-check form (申报条件自评): every fact of spec/eligibility.md, and how a posted form
becomes the facts document the engine reads.

The form does not validate on its own: it only turns text into the document's types (a date
stays text, a count that is not digits stays text) so that the engine rejects what is wrong with
its own message, shown next to the field (`field_for` maps the engine's path to the input).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import EDUCATION, ETHICS_FIELDS, INCIDENT_TYPES, PILOT_LINES, SEVERITIES, TITLES, Vocabulary

YES_NO = (("", "未填写"), ("true", "是"), ("false", "否"))
_INTEGER = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Field:
    path: str  # dotted path in the facts document; also the input's name
    label: str
    kind: str  # bool, date, decimal, int, multi
    choices: tuple = ()
    help: str = ""

    @property
    def id(self) -> str:
        return "f-" + self.path.replace(".", "-")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # bool, choice, int, date
    choices: tuple = ()
    default: str = ""


@dataclass(frozen=True)
class RowSet:
    path: str  # "staff" or "safety.incidents"
    label: str
    columns: tuple[Column, ...]

    @property
    def id(self) -> str:
        return self.path.replace(".", "-")


def _blank(choices) -> tuple:
    return (("", "未填写"), *choices.items())


STAFF = RowSet(
    "staff",
    "人员名册（仅专职人员计入）",
    (
        Column("full_time", "专职", "bool", YES_NO[1:], "true"),
        Column("technical", "技术人员", "bool", YES_NO[1:], "true"),
        Column("education", "学历", "choice", _blank(EDUCATION)),
        Column("title", "职称", "choice", _blank(TITLES)),
        Column("years_of_service", "工龄（年）", "int"),
    ),
)
INCIDENTS = RowSet(
    "safety.incidents",
    "近年发生的事故或环境违法行为（没有则不填）",
    (
        Column("date", "发生日期", "date"),
        Column("type", "类型", "choice", _blank(INCIDENT_TYPES)),
        Column("severity", "等级", "choice", _blank(SEVERITIES)),
    ),
)
ROW_SETS = (STAFF, INCIDENTS)


def sections(chains: Vocabulary) -> list[tuple[str, list[Field]]]:
    """The form's sections in the order of Article 7, with the industry chains offered today."""
    return [
        (
            "评估日期",
            [Field("as_of", "按哪一天评估", "date", help="默认今天；注册年限与近两年事故均按此日计算")],
        ),
        (
            "（一）产业方向",
            [
                Field(
                    "industry.chains",
                    "所属或服务的兵团主导产业和重点产业链",
                    "multi",
                    tuple(chains.offered()),
                )
            ],
        ),
        (
            "（二）主体资格",
            [
                Field("applicant.independent_legal_person", "具有独立法人资格", "bool"),
                Field("applicant.registered_on", "注册日期", "date"),
                Field("applicant.operating_normally", "正常经营", "bool"),
                Field(
                    "applicant.serious_misconduct_in_penalty_period", "有严重科研失信行为且在处罚期内", "bool"
                ),
                Field("applicant.credit_blacklisted", "有社会领域信用“黑名单”记录", "bool"),
                Field("applicant.via_host_unit", "以依托单位申报", "bool"),
                Field(
                    "applicant.independent_accounting",
                    "财务收支独立核算",
                    "bool",
                    help="仅以依托单位申报时需要",
                ),
            ],
        ),
        (
            "（三）场地与设备",
            [
                Field("site.independent", "有独立的中试场地", "bool"),
                Field("site.area_m2", "中试场地及配套设施面积（平方米）", "decimal"),
                Field("equipment.pilot_line", "有中试生产线设备", "bool"),
                Field("equipment.process_qc", "有过程质量控制设备", "bool"),
                Field("equipment.product_testing", "有产品检验检测设备", "bool"),
                Field("equipment.original_value_yuan", "设备原值（元）", "decimal"),
                Field("pilot_lines", "已建成的中试线类型", "multi", tuple(PILOT_LINES.items())),
                Field("external_pilot_projects", "已开展的对外中试项目（项）", "int"),
            ],
        ),
        (
            "（四）人员",
            [
                Field("team.technical_leader", "有技术带头人", "bool"),
                Field("team.fixed_rd_team", "有固定的研发团队", "bool"),
            ],
        ),
        (
            "（五）安全环保",
            [
                Field("safety.facilities", "有安全生产和环境保护设施", "bool"),
                Field("safety.standards_compliant", "生产环境和工艺流程符合标准", "bool"),
            ],
        ),
        (
            "（六）管理制度",
            [
                Field("management.service_procedure_and_fees", "有中试服务流程和收费标准", "bool"),
                Field("management.ip_protection_measures", "有知识产权保护措施", "bool"),
            ],
        ),
        (
            "（七）开放共享",
            [
                Field("openness.open_sharing", "中试资源开放共享", "bool"),
                Field("openness.service_list_published", "已公布中试服务清单", "bool"),
            ],
        ),
        (
            "（八）科技伦理",
            [
                Field("ethics.fields", "基地所属科技领域", "multi", tuple(ETHICS_FIELDS.items())),
                Field("ethics.ethics_sensitive", "研究内容涉及科技伦理敏感事项", "bool"),
                Field("ethics.ethics_committee", "已设立科技伦理（审查）委员会", "bool"),
            ],
        ),
    ]


def _number(text: str) -> Any:
    """Digits become a number; anything else stays text for the engine to reject by name."""
    text = text.strip().replace(",", "").replace("，", "")
    return int(text) if _INTEGER.fullmatch(text) else text


def _scalar(kind: str, text: str) -> Any:
    if kind == "bool":
        return {"true": True, "false": False}.get(text)
    if kind == "int":
        return _number(text)
    if kind == "decimal":
        return text.strip().replace(",", "").replace("，", "")
    return text.strip()


def _set(document: dict, path: str, value: Any) -> None:
    *parents, name = path.split(".")
    for parent in parents:
        document = document.setdefault(parent, {})
    document[name] = value


class SelfCheckForm:
    """A posted (or initial) self-check form: its values, its rows, and the facts they make."""

    def __init__(self, chains: Vocabulary, data=None, *, initial: dict | None = None) -> None:
        self.sections = sections(chains)
        self.data = data
        self.initial = initial or {}
        self.errors: dict[str, str] = {}  # input name or "<rowset>-<row>-<column>" → message
        self.non_field_error = ""
        # Which posted row each document row came from: blank rows are left out of the facts.
        self._kept: dict[str, list[int]] = {}
        self.rows = {rowset.path: self._posted_rows(rowset) for rowset in ROW_SETS}

    # --- reading the post ---------------------------------------------------------------

    def value(self, field: Field) -> Any:
        if self.data is None:
            return self.initial.get(field.path, [] if field.kind == "multi" else "")
        if field.kind == "multi":
            return self.data.getlist(field.path)
        return self.data.get(field.path, "")

    def _posted_rows(self, rowset: RowSet) -> list[dict[str, str]]:
        if self.data is None:
            return []
        columns = {c.key: self.data.getlist(f"{rowset.id}-{c.key}") for c in rowset.columns}
        count = max((len(values) for values in columns.values()), default=0)
        return [
            {c.key: (columns[c.key][i] if i < len(columns[c.key]) else "") for c in rowset.columns}
            for i in range(count)
        ]

    def facts(self) -> dict:
        """The facts document of spec/eligibility.md; absent answers are left out (→ missing)."""
        document: dict = {}
        for _title, fields in self.sections:
            for field in fields:
                value = self.value(field)
                if field.kind == "multi":
                    _set(document, field.path, list(value))
                    continue
                value = _scalar(field.kind, value)
                if value not in (None, ""):
                    _set(document, field.path, value)
        for rowset in ROW_SETS:
            entries, kept = [], []
            for index, row in enumerate(self.rows[rowset.path]):
                entry = {}
                for column in rowset.columns:
                    value = _scalar(column.kind if column.kind != "choice" else "text", row[column.key])
                    if value not in (None, ""):
                        entry[column.key] = value
                # A row with nothing but its defaults is an unused line of the form.
                if any(row[c.key] for c in rowset.columns if not c.default):
                    entries.append(entry)
                    kept.append(index)
            self._kept[rowset.path] = kept
            _set(document, rowset.path, entries)
        return document

    # --- the engine's error, next to its field ---------------------------------------------

    def add_error(self, field_path: str, message: str) -> None:
        for rowset in ROW_SETS:
            match = re.fullmatch(re.escape(rowset.path) + r"\[(\d+)\](?:\.(\w+))?", field_path)
            if match:
                row = self._kept.get(rowset.path, [])[int(match.group(1))]
                column = match.group(2) or rowset.columns[0].key
                self.errors[f"{rowset.id}-{row}-{column}"] = message
                return
        name = re.sub(r"\[\d+\]$", "", field_path)
        known = {field.path for _title, fields in self.sections for field in fields}
        if name in known:
            self.errors[name] = message
        else:
            self.non_field_error = f"{field_path}：{message}" if field_path else message

    def row_cells(self, rowset: RowSet) -> list[list[dict]]:
        """The posted rows as cells (column, value, error) for the template."""
        return [
            [
                {
                    "column": c,
                    "value": row[c.key],
                    "error": self.errors.get(f"{rowset.id}-{index}-{c.key}", ""),
                }
                for c in rowset.columns
            ]
            for index, row in enumerate(self.rows[rowset.path])
        ]

    def bound_sections(self) -> list[tuple[str, list[dict]]]:
        """The sections with each field's current value and error, for the template."""
        return [
            (
                title,
                [{"field": f, "value": self.value(f), "error": self.errors.get(f.path, "")} for f in fields],
            )
            for title, fields in self.sections
        ]
