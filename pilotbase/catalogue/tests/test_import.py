"""spec/catalogue.md imports: good rows in, bad rows named by line with a reason, exit 2, idempotent."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from pilotbase.accounts.models import Organisation
from pilotbase.audit import services as audit
from pilotbase.bases.models import PilotBase
from pilotbase.catalogue.models import PilotService

from .db_fixtures import base_row, write_jsonl


def run(*args) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except CommandError as exc:
        return out.getvalue() + str(exc), exc.returncode
    return out.getvalue(), 0


def test_bases_import_creates_organisation_records_history_and_is_idempotent(world, tmp_path):
    rows = [
        base_row(
            "BTZS-2023-0101",
            "阿拉尔红枣中试基地",
            "阿拉尔市红枣科技有限公司",
            "division-1",
            ["fruit_vegetable"],
        ),
        base_row("BTZS-2023-0102", "坏代码基地", "某公司", "division-1", [], credit_code="123"),
        base_row("BTZS-2023-0103", "未知单位基地", "某公司二", "division-99", []),
        base_row("BTZS-2023-0104", "坏产业链基地", "某公司三", "division-2", ["space_travel"]),
        {**base_row("BTZS-2023-0105", "坏日期基地", "某公司四", "division-2", []), "filed_on": "2023/13/40"},
    ]
    path = write_jsonl(tmp_path / "bases.jsonl", rows)
    output, code = run("bases", "import", path, "--by", "officer")
    assert code == 2
    assert "新增 1 条" in output and "拒绝 4 条" in output
    for line, word in [(2, "credit_code"), (3, "division-99"), (4, "space_travel"), (5, "filed_on")]:
        assert f"第 {line} 行" in output and word in output
    base = PilotBase.objects.get(filing_number="BTZS-2023-0101")
    assert base.status == PilotBase.Status.ACTIVE and base.recommending_unit.code == "division-1"
    assert Organisation.objects.filter(name="阿拉尔市红枣科技有限公司").count() == 1
    assert not PilotBase.objects.filter(filing_number__in=["BTZS-2023-0102", "BTZS-2023-0103"]).exists()
    event = [e for e in audit.history(base) if e.action == "base_imported"][0]
    assert event.actor == world.officer and event.at is not None

    output, code = run("bases", "import", path)
    assert code == 2 and "新增 0 条" in output and "未变化 1 条" in output
    assert PilotBase.objects.filter(filing_number="BTZS-2023-0101").count() == 1


def test_bases_import_all_good_exits_zero_and_by_defaults_to_system(world, tmp_path):
    path = write_jsonl(
        tmp_path / "ok.jsonl", [base_row("BTZS-2023-0201", "好基地", "好公司", "corps-direct", [])]
    )
    output, code = run("bases", "import", path)
    assert code == 0, output
    event = [
        e
        for e in audit.history(PilotBase.objects.get(filing_number="BTZS-2023-0201"))
        if e.action == "base_imported"
    ][0]
    assert event.actor is None and event.actor_label == "system"


def test_catalogue_import_jsonl_rejects_bad_rows_updates_same_ref_and_twice_changes_nothing(filed, tmp_path):
    rows = [
        {
            "base": "BTZS-2024-0001",
            "ref": "N01",
            "title": "番茄红素提取工艺改进",
            "kinds": ["process_improvement"],
            "industry_chains": ["fruit_vegetable"],
            "description": "超临界萃取番茄红素。",
            "lead_time_days": 45,
        },
        {
            "base": "BTZS-2099-0001",
            "ref": "X",
            "title": "不存在的基地",
            "kinds": ["consulting"],
            "description": "x",
        },
        {
            "base": "BTZS-2024-0001",
            "ref": "N02",
            "title": "未知类型",
            "kinds": ["teleport"],
            "description": "x",
        },
        {"base": "BTZS-2024-0001", "ref": "N03", "title": "", "kinds": ["consulting"], "description": "x"},
        {
            "base": "BTZS-2024-0001",
            "ref": "T01",
            "title": "番茄酱杀菌工艺放大（更新）",
            "kinds": ["scale_up"],
            "industry_chains": ["fruit_vegetable"],
            "description": "更新后的描述。",
        },
    ]
    path = write_jsonl(tmp_path / "services.jsonl", rows)
    output, code = run("catalogue", "import", path)
    assert code == 2
    assert "新增 1 条" in output and "更新 1 条" in output and "拒绝 3 条" in output
    assert "第 2 行" in output and "BTZS-2099-0001" in output
    assert "第 3 行" in output and "teleport" in output
    assert "第 4 行" in output and "title" in output
    assert PilotService.objects.get(base=filed.base_a, ref="T01").title == "番茄酱杀菌工艺放大（更新）"
    before = list(PilotService.objects.order_by("pk").values())
    output, code = run("catalogue", "import", path)
    assert "新增 0 条" in output and "更新 0 条" in output and "未变化 2 条" in output
    assert list(PilotService.objects.order_by("pk").values()) == before


def test_catalogue_import_xlsx_uses_sheet_row_numbers(filed, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["base", "ref", "title", "kinds", "industry_chains", "description", "equipment", "lead_time_days"]
    )
    sheet.append(
        [
            "BTZS-2024-0002",
            "C02",
            "棉纺纱线检测",
            "product_testing",
            "cotton_textile",
            "纱线强力检测",
            "强力仪、条干仪",
            7,
        ]
    )
    sheet.append(["BTZS-2024-0002", "C03", "坏周期", "consulting", "", "x", "", "三天"])
    path = tmp_path / "services.xlsx"
    book.save(path)
    output, code = run("catalogue", "import", str(path))
    assert code == 2 and "第 3 行" in output and "lead_time_days" in output
    service = PilotService.objects.get(base=filed.base_b, ref="C02")
    assert service.equipment == ["强力仪", "条干仪"] and service.status == PilotService.Status.PUBLISHED


def test_missing_file_is_a_clear_error(db):
    output, code = run("catalogue", "import", "/nonexistent.jsonl")
    assert code == 2 and "文件不存在" in output
