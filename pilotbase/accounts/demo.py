"""Demo world, part 1: organisations across the divisions and a persona for every role."""

from __future__ import annotations

import hashlib
from datetime import date

from . import services
from .creditcode import check_character
from .models import Organisation, RecommendingUnit, Role, User

DEMO_PASSWORD = "Demo#2026pb"  # noqa: S105 - printed by the demo on purpose

# (key, name, kind, unit code, registered on)
ORGANISATIONS = [
    ("tianye", "新疆天业节水灌溉股份有限公司", "enterprise", "division-8", date(2015, 6, 18)),
    ("alar_cotton", "阿拉尔市新农棉纺有限责任公司", "enterprise", "division-1", date(2018, 3, 2)),
    ("tumxuk_tomato", "图木舒克市红果番茄制品有限公司", "enterprise", "division-3", date(2016, 9, 12)),
    ("kokdala_wine", "可克达拉市伊犁河谷葡萄酒业有限公司", "enterprise", "division-4", date(2019, 4, 8)),
    ("wujiaqu_chem", "五家渠市准东精细化工有限公司", "enterprise", "division-6", date(2014, 11, 20)),
    ("huyanghe_silicon", "胡杨河市晶硅新材料科技有限公司", "enterprise", "division-7", date(2020, 7, 1)),
    ("shz_biomed", "石河子市天山生物医药科技有限公司", "enterprise", "division-8", date(2017, 2, 28)),
    ("beitun_equip", "北屯市额河装备制造有限公司", "enterprise", "division-10", date(2021, 5, 17)),
    ("xinxing_energy", "新星市光伏新能源科技有限公司", "enterprise", "division-13", date(2024, 2, 29)),
    ("kunyu_jujube", "昆玉市和田红枣深加工有限公司", "enterprise", "division-14", date(2016, 8, 8)),
    ("shzu_lab", "石河子大学农产品加工中试平台", "university", "shihezi-university", date(2012, 9, 1)),
    ("tarim_seed", "塔里木大学南疆种业研究院", "research_institute", "tarim-university", date(2013, 10, 15)),
    (
        "corps_academy",
        "新疆农垦科学院农产品中试中心",
        "research_institute",
        "corps-direct",
        date(2010, 5, 20),
    ),
    ("evaluator_org", "新疆兵团科技评估中心有限公司", "evaluator", None, date(2011, 3, 3)),
    ("bureau", "新疆生产建设兵团科学技术局", "government", None, date(2000, 1, 1)),
    ("hami_enterprise", "石河子市西域食品有限公司", "enterprise", "division-8", date(2019, 12, 1)),
]

# (username, display name, role, organisation key, recommending unit code)
PERSONAS = [
    ("applicant_a", "张建华", Role.APPLICANT, "tianye", None),
    ("applicant_b", "李晓梅", Role.APPLICANT, "alar_cotton", None),
    ("applicant_c", "王海涛", Role.APPLICANT, "tumxuk_tomato", None),
    ("reviewer_div1", "赵立新", Role.REVIEWER, None, "division-1"),
    ("reviewer_div8", "孙志强", Role.REVIEWER, None, "division-8"),
    ("reviewer_shzu", "周文静", Role.REVIEWER, None, "shihezi-university"),
    ("officer", "陈国栋", Role.OFFICER, "bureau", None),
    ("expert_tech", "刘振宇", Role.EXPERT, None, None),
    ("expert_mgmt", "马丽娟", Role.EXPERT, None, None),
    ("expert_fin", "何建军", Role.EXPERT, None, None),
    ("evaluator", "钱宏伟", Role.EVALUATOR, "evaluator_org", None),
    ("enterprise", "吴晓东", Role.PUBLIC, "hami_enterprise", None),
    ("sysadmin", "系统管理员", Role.SYSADMIN, "bureau", None),
    ("secadmin", "安全管理员", Role.SECADMIN, "bureau", None),
    ("auditadmin", "审计管理员", Role.AUDITADMIN, "bureau", None),
]


def demo_credit_code(key: str) -> str:
    """A well-formed code with a correct check character, stable per organisation key."""
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    digest = hashlib.sha256(key.encode()).digest()
    body = "9165" + "".join(charset[b % 31] for b in digest[:13])
    return body + check_character(body)


def demo_totp_key(username: str) -> str:
    # Derived from the public username on purpose, so the demo logins stay the same across rebuilds:
    # the hash protects nothing (and `pilotbase demo` refuses to run in production).
    return hashlib.sha1(f"pilotbase-demo-{username}".encode(), usedforsecurity=False).hexdigest()


def ensure_units() -> dict[str, RecommendingUnit]:
    """The migration seeds the units; a flushed test database (TransactionTestCase) has lost them."""
    from .units import all_units

    existing = {u.code: u for u in RecommendingUnit.objects.all()}
    for row in all_units():
        if row["code"] not in existing:
            existing[row["code"]] = RecommendingUnit.objects.create(**row)
    return existing


def build(world: dict) -> None:
    units = ensure_units()
    orgs = {}
    for key, name, kind, unit_code, registered in ORGANISATIONS:
        org = Organisation.objects.filter(credit_code=demo_credit_code(key)).first()
        if org is None:
            org = services.create_organisation(
                name=name,
                credit_code=demo_credit_code(key),
                kind=kind,
                registered_on=registered,
                recommending_unit=units.get(unit_code) if unit_code else None,
                contact_name="联系人",
                contact_phone="0993-1234567",
            )
        orgs[key] = org
    people = {}
    for username, display, role, org_key, unit_code in PERSONAS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.create_user(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                display_name=display,
                organisation=orgs.get(org_key) if org_key else None,
                recommending_unit=units.get(unit_code) if unit_code else None,
                email=f"{username}@demo.pilotbase.local",
            )
        services.ensure_totp(user, key_hex=demo_totp_key(username))
        people[username] = user
    world["organisations"] = orgs
    world["people"] = people
    world["units"] = units


def describe(world: dict) -> list[str]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    lines = [f"演示账号（密码均为 {DEMO_PASSWORD}；动态口令为 TOTP，base32 密钥如下）："]
    for username, display, role, _org, _unit in PERSONAS:
        device = TOTPDevice.objects.get(user__username=username, name="default")
        lines.append(
            f"  {username:<15} {display:<8} {Role(role).label:<14} TOTP {services.base32_secret(device)}"
        )
    return lines
