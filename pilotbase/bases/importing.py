"""Bringing in the bases the bureau filed on paper before PilotBase existed (spec/catalogue.md).

``read_rows`` reads JSON Lines or an XLSX sheet into (line number, row) pairs; ``import_bases`` turns
each good row into a filed, active base and reports each bad row with its line number and reason.
Each row is written in its own savepoint, so a rejected row leaves nothing behind. Idempotent on
``filing_number``: a base already present is left as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from pilotbase.accounts.models import Organisation, RecommendingUnit, User
from pilotbase.accounts.services import InvalidInput, create_organisation
from pilotbase.audit import services as audit
from pilotbase.catalogue.vocabulary import INDUSTRY_CHAINS

from .models import PilotBase

COLUMNS = (
    "filing_number",
    "name",
    "organisation",
    "credit_code",
    "recommending_unit",
    "filed_on",
    "document_number",
    "industry_chains",
    "description",
    "contact",
)
REQUIRED = (
    "filing_number",
    "name",
    "organisation",
    "credit_code",
    "recommending_unit",
    "filed_on",
    "document_number",
)
FILING_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-]{2,31}$")
DOCUMENT_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号")
_LIST_SEPARATORS = re.compile(r"[,，、;；\n]+")
_PHONE = re.compile(r"[+\d][\d\- ()]{6,}\d")


class UnreadableFile(ValueError):
    """The file itself cannot be read (not JSON Lines / XLSX, or a line is not a JSON object)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def summary(self, what: str) -> str:
        lines = [
            f"{what}：新增 {self.created} 条，更新 {self.updated} 条，"
            f"未变化 {self.unchanged} 条，拒绝 {len(self.rejected)} 条"
        ]
        lines += [f"  第 {line} 行：{reason}" for line, reason in self.rejected]
        return "\n".join(lines)


class RowRejected(ValueError):
    pass


def read_rows(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, row) for each non-empty row: the file's line for JSON Lines, the sheet's row
    number for XLSX (the header is row 1)."""
    path = Path(path)
    if not path.exists():
        raise UnreadableFile(f"文件不存在：{path}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    rows = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile("文件不是 UTF-8 编码的 JSON Lines，也不是 XLSX") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append((number, {"__error__": f"不是合法的 JSON：{exc.msg}"}))
            continue
        if not isinstance(row, dict):
            rows.append((number, {"__error__": "每行应为一个 JSON 对象"}))
            continue
        rows.append((number, row))
    return rows


def _read_xlsx(path: Path) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"无法读取 XLSX 文件：{exc}") from exc
    rows = []
    header: list[str] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number == 1:
            header = [str(v).strip() if v is not None else "" for v in values]
            continue
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append((number, {h: v for h, v in zip(header, values, strict=False) if h}))
    return rows


def text(row: dict, name: str, *, max_length: int | None = None, label: str = "") -> str:
    value = row.get(name)
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        raise RowRejected(f"{name}（{label or name}）应为文本")
    value = str(value).strip()
    if max_length and len(value) > max_length:
        raise RowRejected(f"{name}（{label or name}）超过 {max_length} 字")
    return value


def text_list(row: dict, name: str) -> list[str]:
    value = row.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items = _LIST_SEPARATORS.split(value)
    elif isinstance(value, list):
        items = [str(v) for v in value if v is not None]
    else:
        raise RowRejected(f"{name} 应为列表或以逗号分隔的文本")
    return [item.strip() for item in items if item.strip()]


def codes(row: dict, name: str, vocabulary, label: str) -> list[str]:
    values = text_list(row, name)
    unknown = [v for v in values if v not in vocabulary]
    if unknown:
        raise RowRejected(f"未知的{label}代码：{'、'.join(unknown)}（{name}）")
    return values


def _date(row: dict, name: str) -> date:
    value = row.get(name)
    if isinstance(value, date):
        return value if type(value) is date else value.date()
    try:
        return date.fromisoformat(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise RowRejected(f"{name} 应为 ISO 日期（如 2024-05-20），实际为 {value!r}") from exc


def _contact(value: str) -> tuple[str, str]:
    phone = _PHONE.search(value)
    if not phone:
        return value[:50], ""
    name = (value[: phone.start()] + value[phone.end() :]).strip(" ，,;；:：")
    return name[:50], phone.group(0).strip()[:30]


def _missing(row: dict, names: Iterable[str]) -> list[str]:
    return [n for n in names if row.get(n) is None or str(row.get(n)).strip() == ""]


def _bump() -> None:
    from pilotbase.catalogue.services import bump_search_version

    bump_search_version()


def import_bases(
    rows: list[tuple[int, dict[str, Any]]], *, by: User | None, source: str = ""
) -> ImportReport:
    report = ImportReport()
    units = {u.code: u for u in RecommendingUnit.objects.all()}
    for line, row in rows:
        try:
            with transaction.atomic():
                outcome = _import_base(row, units=units, by=by, source=source, line=line)
                if outcome != "unchanged":
                    # the directory and profiles changed: so does the public pages' cache key
                    _bump()
        except RowRejected as exc:
            report.rejected.append((line, str(exc)))
            continue
        except InvalidInput as exc:
            report.rejected.append((line, f"{exc.field}：{exc.message}"))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _import_base(
    row: dict, *, units: dict[str, RecommendingUnit], by: User | None, source: str, line: int
) -> str:
    if "__error__" in row:
        raise RowRejected(row["__error__"])
    missing = _missing(row, REQUIRED)
    if missing:
        raise RowRejected(f"必填字段为空：{'、'.join(missing)}")
    filing_number = text(row, "filing_number", max_length=32)
    if not FILING_NUMBER.match(filing_number):
        raise RowRejected(f"备案编号格式不正确：{filing_number}")
    if PilotBase.objects.filter(filing_number=filing_number).exists():
        return "unchanged"
    unit_code = text(row, "recommending_unit")
    unit = units.get(unit_code)
    if unit is None:
        raise RowRejected(f"未知的推荐单位代码：{unit_code}（可用 pilotbase units list 查看）")
    document_number = text(row, "document_number", max_length=64)
    if not DOCUMENT_NUMBER.search(document_number):
        raise RowRejected(f"发文字号格式不正确：{document_number}（应如 兵科发〔2025〕12号）")
    filed_on = _date(row, "filed_on")
    chains = codes(row, "industry_chains", INDUSTRY_CHAINS, "产业链")
    name = text(row, "name", max_length=200)
    org_name = text(row, "organisation", max_length=200)
    credit_code = text(row, "credit_code").upper()
    organisation = Organisation.objects.filter(credit_code=credit_code).first()
    if organisation is None:
        organisation = create_organisation(
            name=org_name, credit_code=credit_code, recommending_unit=unit, by=by
        )
    contact_name, contact_phone = _contact(text(row, "contact"))
    base = PilotBase.objects.create(
        name=name,
        filing_number=filing_number,
        filed_on=filed_on,
        document_number=document_number,
        organisation=organisation,
        recommending_unit=unit,
        status=PilotBase.Status.ACTIVE,
        industry_chains=chains,
        description=text(row, "description"),
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    audit.record(
        base,
        "base_imported",
        by=by,
        data={
            "filing_number": filing_number,
            "document_number": document_number,
            "source": source,
            "line": line,
        },
    )
    return "created"
