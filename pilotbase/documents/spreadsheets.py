"""XLSX exports: Chinese headers, real number and date cells, a frozen header row.

openpyxl's write-only mode writes each row to disk as it comes, and rows come from the database
with ``iterator()``, so memory stays flat however many rows there are. The file is written to a
temporary file and streamed from there. An export holding personal data (names, phone numbers)
is allowed only to those who may see that data, and is written to the audit trail."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from pilotbase.accounts.models import Role, User
from pilotbase.accounts.permissions import Refused, has_role, is_officer
from pilotbase.audit import services as audit
from pilotbase.rules.codes import INDUSTRY_CHAINS

HEADER_FONT = Font(name="等线", bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MONEY_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    width: float = 16
    number_format: str = ""


@dataclass(frozen=True)
class Export:
    label: str
    allowed: Callable[[User], bool]
    queryset: Callable[[User, Any], QuerySet]
    columns: list[Column]
    personal: bool = False  # holds names or phone numbers: audited


def _chains(codes) -> str:
    out = []
    for code in codes or []:
        try:
            out.append(INDUSTRY_CHAINS.label(code))
        except KeyError:
            out.append(str(code))
    return "、".join(out)


class _display:
    """``get_<field>_display()`` without evaluating a lazy translation for every row (it cost a
    third of the export's time): the labels are looked up once per model and language."""

    def __init__(self, field: str):
        self.field = field
        self.tables: dict[tuple, dict[str, str]] = {}

    def __call__(self, obj) -> str:
        from django.utils.translation import get_language

        key = (type(obj), get_language())
        table = self.tables.get(key)
        if table is None:
            choices = type(obj)._meta.get_field(self.field).choices or []
            table = self.tables[key] = {code: str(label) for code, label in choices}
        code = getattr(obj, self.field)
        return table.get(code, code or "")


def _local(value):
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


# --- what each export holds ------------------------------------------------------------------


def _applications_qs(user, params):
    from pilotbase.applications.views import list_queryset

    return list_queryset(user, params)


def _bases_qs(user, params):
    from pilotbase.bases.permissions import visible_bases

    return visible_bases(user).select_related("organisation", "recommending_unit").order_by("filing_number")


def _experts_qs(user, params):
    from pilotbase.experts.models import Expert

    return Expert.objects.select_related("recommending_unit").order_by("pk")


def _services_qs(user, params):
    from pilotbase.catalogue.models import PilotService

    return PilotService.objects.select_related("base").order_by("base__filing_number", "ref")


def _demands_qs(user, params):
    from pilotbase.catalogue.permissions import visible_demands

    return visible_demands(user).order_by("-created_at")


def _evaluations_qs(user, params):
    from pilotbase.evaluations.permissions import visible_evaluations

    return visible_evaluations(user).order_by("campaign_id", "base__filing_number")


def _staff(user) -> bool:
    return is_officer(user) or has_role(user, Role.REVIEWER, Role.APPLICANT)


EXPORTS: dict[str, Export] = {
    "applications": Export(
        "申报",
        _staff,
        _applications_qs,
        [
            Column("申报编号", lambda a: a.pk, 10, "0"),
            Column("中试基地名称", lambda a: a.name, 36),
            Column("申报单位", lambda a: a.organisation.name, 32),
            Column("统一社会信用代码", lambda a: a.organisation.credit_code, 22),
            Column("推荐单位", lambda a: a.recommending_unit.name if a.recommending_unit_id else "", 24),
            Column("申报通知", lambda a: a.call.document_number, 20),
            Column("状态", _display("status"), 18),
            Column("提交时间", lambda a: _local(a.submitted_at), 18, DATETIME_FORMAT),
            Column("专家综合评分", lambda a: a.consolidated_score, 12, "0.00"),
            Column("最后更新", lambda a: _local(a.updated_at), 18, DATETIME_FORMAT),
        ],
    ),
    "bases": Export(
        "中试基地",
        _staff,
        _bases_qs,
        [
            Column("备案编号", lambda b: b.filing_number, 16),
            Column("中试基地名称", lambda b: b.name, 36),
            Column("建设运营单位", lambda b: b.organisation.name, 32),
            Column("推荐单位", lambda b: b.recommending_unit.name, 24),
            Column("产业链", lambda b: _chains(b.industry_chains), 30),
            Column("状态", _display("status"), 12),
            Column("备案日期", lambda b: b.filed_on, 12, DATE_FORMAT),
            Column("备案发文字号", lambda b: b.document_number, 20),
            Column("联系人", lambda b: b.contact_name, 10),
            Column("联系电话", lambda b: b.contact_phone, 16),
        ],
        personal=True,
    ),
    "experts": Export(
        "专家库",
        is_officer,
        _experts_qs,
        [
            Column("序号", lambda e: e.pk, 8, "0"),
            Column("姓名", lambda e: e.name, 10),
            Column("工作单位", lambda e: e.organisation_name, 30),
            Column("推荐单位", lambda e: e.recommending_unit.name if e.recommending_unit else "", 24),
            Column("职称", lambda e: e.title, 12),
            Column(
                "专家类型",
                lambda e: "、".join(
                    {"technical": "技术", "management": "管理", "financial": "财务"}.get(t, t)
                    for t in e.types or []
                ),
                14,
            ),
            Column("学科领域", lambda e: "、".join(e.fields or []), 24),
            Column("熟悉产业链", lambda e: _chains(e.chains), 30),
            Column("所在地区", lambda e: e.region, 12),
            Column("联系方式", lambda e: e.contact, 18),
            Column("在库", lambda e: "是" if e.active else "否", 6),
        ],
        personal=True,
    ),
    "services": Export(
        "中试服务",
        is_officer,
        _services_qs,
        [
            Column("服务编号", lambda s: s.ref, 16),
            Column("服务名称", lambda s: s.title, 30),
            Column("中试基地", lambda s: s.base.name, 30),
            Column("备案编号", lambda s: s.base.filing_number, 16),
            Column("服务类型", lambda s: "、".join(s.kinds or []), 20),
            Column("产业链", lambda s: _chains(s.industry_chains), 30),
            Column("服务能力", lambda s: s.capacity, 24),
            Column("服务周期（天）", lambda s: s.lead_time_days, 12, "0"),
            Column("收费标准", lambda s: s.fee, 20),
            Column("状态", _display("status"), 10),
        ],
    ),
    "demands": Export(
        "中试需求",
        is_officer,
        _demands_qs,
        [
            Column("需求名称", lambda d: d.title, 30),
            Column("需求单位", lambda d: d.organisation.name if d.organisation_id else "", 30),
            Column("产业链", lambda d: _chains(d.industry_chains), 30),
            Column("预算（元）", lambda d: d.budget_yuan, 16, MONEY_FORMAT),
            Column("期望完成日期", lambda d: d.needed_by, 14, DATE_FORMAT),
            Column("所在地区", lambda d: d.division, 16),
            Column("联系人", lambda d: d.contact_name, 10),
            Column("联系电话", lambda d: d.contact_phone, 16),
            Column("状态", _display("status"), 10),
            Column("发布时间", lambda d: _local(d.created_at), 18, DATETIME_FORMAT),
        ],
        personal=True,
    ),
    "evaluations": Export(
        "绩效评价",
        lambda u: _staff(u) or has_role(u, Role.EVALUATOR),
        _evaluations_qs,
        [
            Column("评价批次", lambda e: e.campaign.title, 30),
            Column("备案编号", lambda e: e.base.filing_number, 16),
            Column("中试基地名称", lambda e: e.base.name, 30),
            Column("推荐单位", lambda e: e.base.recommending_unit.name, 24),
            Column("状态", _display("status"), 16),
            Column("评价等次", _display("grade"), 10),
            Column("结果发文字号", lambda e: e.result_document_number, 20),
            Column("结果备案日", lambda e: e.result_on, 12, DATE_FORMAT),
        ],
    ),
}


def available(user: User) -> list[tuple[str, Export]]:
    return [(name, e) for name, e in EXPORTS.items() if e.allowed(user)]


def _cell(ws, value, column: Column):
    """A plain value where no format is needed (cheaper), a formatted cell for numbers and dates."""
    if value == "":
        return None
    if isinstance(value, Decimal):
        value = float(value)  # Excel holds doubles; two decimals survive
    if not column.number_format or value is None:
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = column.number_format
    return cell


def write(export: Export, rows: Iterable, out, *, title: str) -> int:
    """Write ``rows`` to ``out`` (a path or file); returns how many rows were written."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.freeze_panes = "A2"
    for i, column in enumerate(export.columns):
        ws.column_dimensions[_letter(i)].width = column.width
    header = []
    for column in export.columns:
        c = WriteOnlyCell(ws, value=column.header)
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        c.alignment = Alignment(horizontal="center", vertical="center")
        header.append(c)
    ws.append(header)
    n = 0
    for obj in rows:
        ws.append([_cell(ws, column.value(obj), column) for column in export.columns])
        n += 1
    wb.save(out)
    return n


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def export_to_file(name: str, *, by: User, params=None):
    """Write export ``name`` as seen by ``by`` into a temporary file; returns (file, rows).

    Refused (403) when the export is not for this user."""
    export = EXPORTS.get(name)
    if export is None or not export.allowed(by):
        raise Refused("您无权导出这些数据")
    qs = export.queryset(by, params or {})
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - streamed, closed by the response
    rows = write(export, qs.iterator(chunk_size=2000), handle, title=export.label)
    if export.personal:
        audit.record(
            ("export", name, f"导出{export.label}"),
            "personal_data_exported",
            by=by,
            data={
                "export": name,
                "rows": rows,
                "filters": {k: str(v) for k, v in dict(params or {}).items()},
            },
        )
    handle.seek(0)
    return handle, rows
