"""Bulk import of the expert pool from an XLSX sheet: every row validated first, then all written
in one transaction, or none (a half-imported pool is worse than none)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from openpyxl import Workbook, load_workbook

from pilotbase.accounts.models import Role, User
from pilotbase.audit import services as audit
from pilotbase.rules import INDUSTRY_CHAINS
from pilotbase.rules.codes import ETHICS_FIELDS

from .models import TYPE_LABELS, Expert, ExpertAffiliation

HEADERS = [
    "姓名",
    "工作单位",
    "职称",
    "专家类型",
    "学科领域",
    "熟悉产业链",
    "所在地区",
    "联系方式",
    "登录账号",
    "任职经历",
    "声明的关联关系",
]
REQUIRED = ("姓名", "工作单位", "专家类型")
EXAMPLE = [
    "王某某",
    "石河子大学",
    "教授",
    "技术专家、管理专家",
    "农业、食品",
    "棉花和纺织服装、粮油",
    "第八师石河子市",
    "0993-0000000",
    "",
    "新疆农垦科学院|2010-07-01|2018-06-30；石河子大学|2018-07-01|",
    "某某棉业有限公司|合作|2023 年起共同承担科研项目；某某纺织有限公司|亲属|配偶任总经理",
]
# A declared tie is written 单位|合作 or 单位|亲属 (with a third part saying what the tie is).
TIE_WORDS = {
    "合作": ExpertAffiliation.Relation.COLLABORATION,
    "合作关系": ExpertAffiliation.Relation.COLLABORATION,
    "collaboration": ExpertAffiliation.Relation.COLLABORATION,
    "亲属": ExpertAffiliation.Relation.PERSONAL,
    "个人": ExpertAffiliation.Relation.PERSONAL,
    "亲属或其他个人关系": ExpertAffiliation.Relation.PERSONAL,
    "personal": ExpertAffiliation.Relation.PERSONAL,
}
SEPARATORS = ("、", ",", "，", ";", "；")


@dataclass
class Row:
    number: int
    data: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class Report:
    rows: list[Row]
    written: int = 0

    @property
    def rejected(self) -> list[Row]:
        return [r for r in self.rows if r.errors]


def template() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "专家库"
    sheet.append(HEADERS)
    sheet.append(EXAMPLE)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _split(value: str) -> list[str]:
    for sep in SEPARATORS[1:]:
        value = value.replace(sep, "、")
    return [v.strip() for v in value.split("、") if v.strip()]


def _codes(value: str, labels: dict[str, str], what: str, row: Row) -> list[str]:
    by_label = {v: k for k, v in labels.items()}
    out = []
    for item in _split(value):
        code = item if item in labels else by_label.get(item)
        if code is None:
            row.errors.append(f"{what}“{item}”不在代码表中")
        else:
            out.append(code)
    return out


def _date(text: str, row: Row, what: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        row.errors.append(f"任职经历中的{what}“{text}”不是 YYYY-MM-DD 格式的日期")
        return None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def parse(content: bytes) -> Report:
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # noqa: BLE001 - any unreadable file is one clear message
        return Report([Row(0, errors=[f"无法读取 XLSX 文件：{exc.__class__.__name__}"])])
    rows_iter = sheet.iter_rows(values_only=True)
    header = [_cell(v) for v in next(rows_iter, ())]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        return Report([Row(1, errors=[f"表头缺少列：{'、'.join(missing)}（请使用下载的模板）"])])
    index = {h: header.index(h) for h in HEADERS if h in header}
    chains = {t.code: INDUSTRY_CHAINS.label(t.code) for t in INDUSTRY_CHAINS}
    rows: list[Row] = []
    usernames = set(User.objects.filter(role=Role.EXPERT).values_list("username", flat=True))
    linked = set(Expert.objects.filter(user__isnull=False).values_list("user__username", flat=True))
    seen_names: set[tuple[str, str]] = set()
    for number, values in enumerate(rows_iter, start=2):
        cells = {h: _cell(values[i]) if i < len(values) else "" for h, i in index.items()}
        if not any(cells.values()):
            continue
        row = Row(number)
        for h in REQUIRED:
            if not cells.get(h):
                row.errors.append(f"“{h}”不能为空")
        types = []
        for item in _split(cells.get("专家类型", "")):
            code = (
                item
                if item in TYPE_LABELS
                else {lab: c for c, lab in TYPE_LABELS.items()}.get(
                    item, {lab.replace("专家", ""): c for c, lab in TYPE_LABELS.items()}.get(item)
                )
            )
            if code is None:
                row.errors.append(f"专家类型“{item}”应为 技术专家、管理专家 或 财务专家")
            elif code not in types:
                types.append(code)
        username = cells.get("登录账号", "")
        if username and username not in usernames:
            row.errors.append(f"登录账号“{username}”不存在或不是评审专家角色")
        elif username and username in linked:
            row.errors.append(f"登录账号“{username}”已关联其他专家")
        key = (cells.get("姓名", ""), cells.get("工作单位", ""))
        if key in seen_names or Expert.objects.filter(name=key[0], organisation_name=key[1]).exists():
            row.errors.append(f"专家“{key[0]}（{key[1]}）”已在专家库或本表中重复")
        seen_names.add(key)
        jobs = []
        for item in [j for j in cells.get("任职经历", "").replace(";", "；").split("；") if j.strip()]:
            parts = [p.strip() for p in item.split("|")]
            if len(parts) != 3 or not parts[0]:
                row.errors.append(f"任职经历“{item}”应写作 单位|起始日期|结束日期（在职则结束日期留空）")
                continue
            start, end = _date(parts[1], row, "起始日期"), _date(parts[2], row, "结束日期")
            if start and end and end < start:
                row.errors.append(f"任职经历“{item}”的结束日期早于起始日期")
            jobs.append((parts[0], start, end))
        ties = []
        for item in [t for t in cells.get("声明的关联关系", "").replace(";", "；").split("；") if t.strip()]:
            parts = [p.strip() for p in item.split("|")]
            if len(parts) != 3 or not parts[0] or parts[1] not in TIE_WORDS or not parts[2]:
                row.errors.append(f"声明的关联关系“{item}”应写作 单位|合作或亲属|具体情形")
                continue
            ties.append((parts[0], TIE_WORDS[parts[1]], parts[2]))
        row.data = {
            "name": key[0],
            "organisation_name": key[1],
            "title": cells.get("职称", ""),
            "types": types,
            "fields": _codes(cells.get("学科领域", ""), dict(ETHICS_FIELDS), "学科领域", row),
            "chains": _codes(cells.get("熟悉产业链", ""), chains, "产业链", row),
            "region": cells.get("所在地区", ""),
            "contact": cells.get("联系方式", ""),
            "username": username,
            "jobs": jobs,
            "ties": ties,
        }
        rows.append(row)
    if not rows:
        rows.append(Row(2, errors=["表格中没有专家数据"]))
    return Report(rows)


def import_experts(content: bytes, *, by=None) -> Report:
    """Validate every row; write all of them in one transaction only if none was rejected."""
    report = parse(content)
    if report.rejected:
        return report
    with transaction.atomic():
        for row in report.rows:
            d = row.data
            user = User.objects.get(username=d["username"]) if d["username"] else None
            expert = Expert.objects.create(
                user=user,
                name=d["name"],
                organisation_name=d["organisation_name"],
                title=d["title"],
                types=d["types"],
                fields=d["fields"],
                chains=d["chains"],
                region=d["region"],
                contact=d["contact"],
            )
            for org, start, end in d["jobs"]:
                ExpertAffiliation.objects.create(expert=expert, organisation_name=org, start=start, end=end)
            for org, relation, note in d["ties"]:
                ExpertAffiliation.objects.create(
                    expert=expert, organisation_name=org, relation=relation, note=note
                )
            report.written += 1
        audit.record(None, "experts_imported", by=by, data={"count": report.written})
    return report
