"""Filed bases and services for the Django-level tests, built through the import code."""

from __future__ import annotations

import json

import pytest

from pilotbase.accounts.demo import demo_credit_code
from pilotbase.bases import importing
from pilotbase.bases.models import PilotBase
from pilotbase.catalogue import services


def base_row(filing_number: str, name: str, org, unit: str, chains: list[str], **extra) -> dict:
    return {
        "filing_number": filing_number,
        "name": name,
        "organisation": org if isinstance(org, str) else org.name,
        "credit_code": demo_credit_code(filing_number) if isinstance(org, str) else org.credit_code,
        "recommending_unit": unit,
        "filed_on": "2024-05-20",
        "document_number": "兵科发〔2024〕12号",
        "industry_chains": chains,
        "description": f"{name}的中试服务",
        "contact": "王工 0993-2001234",
        **extra,
    }


SERVICES = [
    {
        "base": "BTZS-2024-0001",
        "ref": "T01",
        "title": "番茄酱无菌灌装与杀菌工艺放大",
        "kinds": ["scale_up"],
        "industry_chains": ["fruit_vegetable"],
        "description": "将番茄酱杀菌工艺从小试放大到日处理鲜番茄20吨的中试线。",
        "equipment": ["管式杀菌机"],
        "lead_time_days": 30,
        "fee": "2万元/批次起",
    },
    {
        "base": "BTZS-2024-0001",
        "ref": "T02",
        "title": "番茄制品理化与微生物指标检验",
        "kinds": ["product_testing"],
        "industry_chains": ["fruit_vegetable"],
        "description": "检测番茄酱可溶性固形物、霉菌计数。",
    },
    {
        "base": "BTZS-2024-0002",
        "ref": "C01",
        "title": "棉籽蛋白小批量试生产",
        "kinds": ["trial_production"],
        "industry_chains": ["cotton_textile"],
        "description": "棉籽脱酚蛋白小批量试生产。",
    },
    {
        "base": "BTZS-2024-0003",
        "ref": "W01",
        "title": "干红葡萄酒小批量试生产",
        "kinds": ["trial_production"],
        "industry_chains": ["fruit_vegetable"],
        "description": "控温不锈钢发酵罐组，酒精发酵与苹果酸乳酸发酵。",
    },
]


@pytest.fixture
def filed(world):
    """Base A (applicant_a's organisation, division 8), base B (applicant_b's, division 1), a wine base."""
    orgs = world.organisations
    rows = [
        (
            1,
            base_row("BTZS-2024-0001", "天业番茄中试基地", orgs["tianye"], "division-8", ["fruit_vegetable"]),
        ),
        (
            2,
            base_row(
                "BTZS-2024-0002",
                "新农棉籽蛋白中试基地",
                orgs["alar_cotton"],
                "division-1",
                ["cotton_textile"],
            ),
        ),
        (
            3,
            base_row(
                "BTZS-2024-0003",
                "伊犁河谷葡萄酒中试基地",
                "可克达拉市葡萄酒科技有限公司",
                "division-4",
                ["fruit_vegetable"],
            ),
        ),
    ]
    report = importing.import_bases(rows, by=world.officer)
    assert not report.rejected, report.rejected
    report = services.import_services(list(enumerate(SERVICES, start=1)), by=world.officer)
    assert not report.rejected, report.rejected
    world.base_a = PilotBase.objects.get(filing_number="BTZS-2024-0001")
    world.base_b = PilotBase.objects.get(filing_number="BTZS-2024-0002")
    world.base_wine = PilotBase.objects.get(filing_number="BTZS-2024-0003")
    return world


def write_jsonl(path, rows) -> str:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return str(path)
