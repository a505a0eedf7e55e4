"""Demo: the three expert personas and twenty more experts, a default rubric, and a panel for the
application under expert evaluation, accepted by the personas. Idempotent."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from pilotbase.applications.models import Application

from . import services
from .models import Expert, ExpertAffiliation, Invitation, Rubric

DEFAULT_RUBRIC = [
    {
        "code": "technology",
        "label": "技术先进性与成熟度",
        "weight": "30",
        "min": "0",
        "max": "30",
        "blocking_below": None,
    },
    {
        "code": "capacity",
        "label": "中试条件与服务能力",
        "weight": "25",
        "min": "0",
        "max": "25",
        "blocking_below": None,
    },
    {"code": "team", "label": "人才队伍", "weight": "15", "min": "0", "max": "15", "blocking_below": None},
    {
        "code": "management",
        "label": "运营管理与安全环保",
        "weight": "15",
        "min": "0",
        "max": "15",
        "blocking_below": "6",
    },
    {
        "code": "finance",
        "label": "财务状况与投入",
        "weight": "15",
        "min": "0",
        "max": "15",
        "blocking_below": None,
    },
]

PERSONAS = [
    (
        "expert_tech",
        "新疆大学",
        "教授",
        ["technical"],
        ["new_materials", "chemical_engineering"],
        ["cotton_textile"],
    ),
    (
        "expert_mgmt",
        "新疆农垦科学院",
        "研究员",
        ["management"],
        ["agriculture"],
        ["cotton_textile", "grain_oil"],
    ),
    ("expert_fin", "新疆天山会计师事务所", "高级会计师", ["financial"], [], ["modern_services"]),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "建国",
    "海燕",
    "立新",
    "志刚",
    "晓红",
    "文博",
    "春梅",
    "国强",
    "秀兰",
    "卫东",
    "明辉",
    "丽娟",
    "永平",
    "红梅",
    "子健",
    "玉洁",
    "振华",
    "雪莲",
    "天佑",
    "慧敏",
]
ORGS = [
    "石河子大学",
    "塔里木大学",
    "新疆农业大学",
    "新疆农垦科学院",
    "新疆大学",
    "兵团工业技术研究院",
    "新疆财经大学",
    "新疆天山会计师事务所",
    "中国科学院新疆理化技术研究所",
    "新疆轻工职业技术学院",
]
FIELDS = [
    "agriculture",
    "food",
    "chemical_engineering",
    "new_materials",
    "energy",
    "equipment",
    "information_technology",
    "environment",
    "life_sciences",
    "medicine",
]
CHAINS = [
    "cotton_textile",
    "grain_oil",
    "fruit_vegetable",
    "livestock",
    "seed_industry",
    "chemical",
    "silicon_new_materials",
    "new_energy",
    "equipment_manufacturing",
    "biomedicine",
]
TYPES = [["technical"], ["technical"], ["management"], ["financial"], ["technical", "management"]]


def build(world: dict) -> None:
    people = world["people"]
    if Expert.objects.filter(user=people["expert_tech"]).exists():
        return
    with transaction.atomic():
        build_pool(world)
        build_panel(world)


def build_pool(world: dict) -> None:
    """The experts and the default rubric, without any assignment (a browser walk starts here)."""
    people = world["people"]
    if Expert.objects.filter(user=people["expert_tech"]).exists():
        return
    officer = people["officer"]
    with transaction.atomic():
        for username, org, title, types, fields, chains in PERSONAS:
            user = people[username]
            expert = Expert.objects.create(
                user=user,
                name=str(user),
                organisation_name=org,
                title=title,
                types=types,
                fields=fields,
                chains=chains,
                region="乌鲁木齐市",
                contact=user.phone or "",
            )
            ExpertAffiliation.objects.create(expert=expert, organisation_name=org, start=date(2012, 9, 1))
        for k in range(20):
            org = ORGS[k % len(ORGS)]
            expert = Expert.objects.create(
                name=SURNAMES[k] + GIVEN[k],
                organisation_name=org,
                title=["教授", "研究员", "高级工程师", "高级会计师"][k % 4],
                types=TYPES[k % len(TYPES)] if k % 4 != 3 else ["financial"],
                fields=[FIELDS[k % 10], FIELDS[(k + 3) % 10]],
                chains=[CHAINS[k % 10], CHAINS[(k + 5) % 10]],
                region="第八师石河子市" if k % 2 else "乌鲁木齐市",
                contact=f"0993-26{k:05d}",
            )
            ExpertAffiliation.objects.create(
                expert=expert, organisation_name=org, start=date(2010 + k % 8, 7, 1)
            )
            if k == 1:  # a former employee of an applicant, two years ago: detected as a conflict
                ExpertAffiliation.objects.create(
                    expert=expert,
                    organisation_name="阿拉尔市新农棉纺有限责任公司",
                    start=date(2016, 3, 1),
                    end=date(2024, 12, 31),
                )
        if not Rubric.objects.filter(active=True, stage=Rubric.Stage.EXPERT_EVALUATION).exists():
            services.create_rubric(
                stage=Rubric.Stage.EXPERT_EVALUATION,
                title="中试基地评估论证评价标准（2026）",
                criteria=DEFAULT_RUBRIC,
                by=officer,
            )


def build_panel(world: dict) -> None:
    """A saved round for the applications under expert evaluation, accepted by the personas."""
    people = world["people"]
    officer = people["officer"]
    applications = list(
        Application.objects.filter(status=Application.Status.EXPERT_EVALUATION).order_by("pk")
    )
    if not applications:
        return
    personas = [Expert.objects.get(user=people[u]) for u, *_ in PERSONAS]
    r = services.create_round([a.pk for a in applications], panel_size=5, load_cap=3, by=officer)
    first = str(applications[0].pk)
    r.pinned = [[first, str(e.pk)] for e in personas]
    r.save(update_fields=["pinned"])
    r = services.solve_round(r, by=officer)
    if r.result.get("status") not in ("optimal", "feasible"):
        return
    services.save_round(r, by=officer)
    for expert in personas:
        invitation = Invitation.objects.get(application_id=first, expert=expert)
        services.respond(invitation, accept=True, by=expert.user)


def describe(world: dict) -> list[str]:
    n = Expert.objects.count()
    accepted = Invitation.objects.filter(status=Invitation.Status.ACCEPTED).count()
    return [
        f"专家库：{n} 名专家（expert_tech、expert_mgmt、expert_fin 已关联），已接受评审邀请 {accepted} 人次"
    ]
