"""Demo world, catalogue part: filed bases with published services, a demand followed through
engagements in several states, bases welcoming investment and one practice case. Idempotent."""

from __future__ import annotations

import json
from datetime import date, timedelta

from pilotbase.accounts.demo import demo_credit_code
from pilotbase.bases import importing
from pilotbase.bases.models import PilotBase
from pilotbase.operations import clock

from . import permissions, services
from .evaluation import LABELLED_DIR
from .models import BaseProfile, Demand, Engagement, PilotService, PracticeCase

MIN_BASES = 5
TIANYE_BASE = "BTZS-2024-0099"


def _labelled_base_rows() -> list[tuple[int, dict]]:
    rows = []
    with open(LABELLED_DIR / "bases.jsonl", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            base = json.loads(line)
            year = int(base["filing_number"].split("-")[1])
            rows.append(
                (
                    number,
                    {
                        "filing_number": base["filing_number"],
                        "name": base["name"],
                        "organisation": base["organisation"],
                        "credit_code": demo_credit_code(f"labelled-{base['filing_number']}"),
                        "recommending_unit": base["division"],
                        "filed_on": date(year, 6, 1 + number % 28).isoformat(),
                        "document_number": f"兵科发〔{year}〕{10 + number}号",
                        "industry_chains": base["industry_chains"],
                        "description": base["description"],
                        "contact": f"{'张王李赵刘陈杨黄'[number % 8]}工 0993-{2000000 + number * 137}",
                    },
                )
            )
    return rows


def _tianye_rows(world: dict) -> list[tuple[int, dict]]:
    org = world["organisations"]["tianye"]
    return [
        (
            1,
            {
                "filing_number": TIANYE_BASE,
                "name": "天业节水灌溉器材中试基地",
                "organisation": org.name,
                "credit_code": org.credit_code,
                "recommending_unit": "division-8",
                "filed_on": "2024-09-20",
                "document_number": "兵科发〔2024〕36号",
                "industry_chains": ["equipment_manufacturing", "chemical"],
                "description": "依托天业节水滴灌带、PVC 管材生产线，开展节水灌溉器材新材料配方、成型工艺中试与性能检测。",
                "contact": "张建华 0993-2623001",
            },
        )
    ]


TIANYE_SERVICES = [
    {
        "base": TIANYE_BASE,
        "ref": "T01",
        "title": "滴灌带新材料配方中试与挤出工艺放大",
        "kinds": ["scale_up", "process_improvement"],
        "industry_chains": ["equipment_manufacturing", "chemical"],
        "description": "将实验室改性聚乙烯、可降解材料配方放大到滴灌带挤出中试线，优化迷宫流道成型和抗堵塞性能。",
        "equipment": ["单螺杆挤出机组", "内镶贴片式滴灌带生产线", "熔融指数仪"],
        "capacity": "年产滴灌带中试样品 200 万米",
        "lead_time_days": 30,
        "fee": "3万元/批次起",
    },
    {
        "base": TIANYE_BASE,
        "ref": "T02",
        "title": "节水灌溉器材水力性能检测",
        "kinds": ["product_testing"],
        "industry_chains": ["equipment_manufacturing"],
        "description": "按国家标准检测滴灌带、滴头流量均匀度、耐压、抗拉和耐候性能，出具检测报告。",
        "equipment": ["滴头流量测试台", "耐压爆破试验机", "氙灯老化箱"],
        "capacity": "每月 300 个样品",
        "lead_time_days": 10,
        "fee": "1500元/样品",
    },
]


def build(world: dict) -> None:
    people = world["people"]
    officer = people["officer"]
    if permissions.listed_bases().count() < MIN_BASES:
        importing.import_bases(_labelled_base_rows(), by=officer, source="demo:labelled/bases.jsonl")
    importing.import_bases(_tianye_rows(world), by=officer, source="demo")
    services.bump_search_version()
    if (
        not PilotService.objects.exists()
        or not PilotService.objects.filter(base__filing_number=TIANYE_BASE).exists()
    ):
        rows = importing.read_rows(LABELLED_DIR / "catalogue.jsonl")
        services.import_services(rows, by=officer)
        services.import_services(list(enumerate(TIANYE_SERVICES, start=1)), by=officer)
    tianye = PilotBase.objects.get(filing_number=TIANYE_BASE)
    for filing_number, note in [
        (TIANYE_BASE, "计划扩建可降解滴灌带中试线，欢迎产业资本以共建方式参与，共享中试成果转化收益。"),
        ("BTZS-2023-0001", "番茄精深加工中试线二期建设，欢迎社会资本参股。"),
    ]:
        base = PilotBase.objects.filter(filing_number=filing_number).first()
        if base and not BaseProfile.objects.filter(base=base, welcomes_investment=True).exists():
            services.save_profile(base, by=officer, welcomes_investment=True, investment_note=note)
    _demands(world, tianye)
    if not PracticeCase.objects.exists():
        services.save_case(
            by=officer,
            title="“中试线+检测平台”一体化服务节水灌溉企业",
            summary="天业节水灌溉器材中试基地把配方放大与性能检测放在一条流程里，企业一次委托、一月出样。",
            body=(
                "一、做法：基地将滴灌带挤出中试线与水力性能检测平台合并运营，企业提交配方后，"
                "由同一项目组完成放大、试制和检测。\n\n二、成效：平均中试周期由 75 天缩短到 30 天，"
                "近两年为 40 余家企业完成中试。\n\n三、可推广之处：中试与检测数据共用，减少重复送样；"
                "按批次收费、公开收费标准，中小企业易于接受。"
            ),
            base=tianye,
            publish=True,
        )
    world["catalogue_tianye_base"] = tianye


def _demands(world: dict, tianye: PilotBase) -> None:
    people = world["people"]
    enterprise, base_user = people["enterprise"], people["applicant_a"]
    demand = Demand.objects.filter(organisation=enterprise.organisation, title="番茄酱杀菌工艺放大").first()
    if demand is None:
        demand = services.post_demand(
            by=enterprise,
            title="番茄酱杀菌工艺放大",
            text="我们在实验室做出了低温杀菌的番茄酱配方，需要找中试线把杀菌工艺放大，并做小批量试产。",
            contact_name=enterprise.display_name,
            contact_phone="0993-2881234",
            industry_chains=["fruit_vegetable"],
            kinds=["scale_up", "trial_production"],
            budget_yuan=200000,
            needed_by=clock.today() + timedelta(days=90),
            division="division-8",
        )
    if not demand.engagements.exists():
        seen: dict[int, PilotService] = {}
        for suggestion in services.suggestions(demand, limit=10):
            seen.setdefault(suggestion.service.base_id, suggestion.service)
        for number, service in enumerate(list(seen.values())[:3]):
            engagement = services.request_engagement(
                demand, service, by=enterprise, message="希望了解排期和收费。"
            )
            if number == 2:
                services.move(engagement, "cancel", by=enterprise, note="已与其他基地达成合作")
    second = Demand.objects.filter(organisation=enterprise.organisation, title="可降解滴灌带配方中试").first()
    if second is None:
        second = services.post_demand(
            by=enterprise,
            title="可降解滴灌带配方中试",
            text="需要把可降解滴灌带配方放大试制，并检测流量均匀度和耐候性。",
            contact_name=enterprise.display_name,
            contact_phone="0993-2881234",
            industry_chains=["equipment_manufacturing"],
            kinds=["scale_up", "product_testing"],
        )
        service = PilotService.objects.get(base=tianye, ref="T01")
        engagement = services.request_engagement(second, service, by=enterprise, message="请尽快安排。")
        services.move(engagement, "accept", by=base_user, note="可以安排在下月第一周开机。")
        services.move(engagement, "agree", by=enterprise)
        services.move(
            engagement, "complete", by=base_user, note="完成 3 批次试制，流量均匀度 94%，已出具报告。"
        )
        services.rate(engagement, by=enterprise, rating=5)


def describe(world: dict) -> list[str]:
    return [
        f"供需对接：{permissions.listed_bases().count()} 个备案基地，"
        f"{PilotService.objects.filter(status=PilotService.Status.PUBLISHED).count()} 项已发布服务，"
        f"{Engagement.objects.count()} 条对接记录；applicant_a 维护 {TIANYE_BASE}，enterprise 为需求企业"
    ]
