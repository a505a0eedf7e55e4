"""``pilotbase seed --scale N``: a realistic world of N filed bases for load and size tests.

Per base: one applicant organisation with one applicant user, ten applications spread over ten
yearly calls (one of them filed, the others in every other state of the workflow), two published
pilot services; one expert for every two bases; an evaluation for every base filed three or more
years ago. Written with ``bulk_create`` in batches inside one transaction, so 10,000 bases (100,000
applications) take minutes; the rows bypass the per-move audit (they stand for history before the
system), and one audit event records the seeding itself. Repeatable: every run has its own tag."""

from __future__ import annotations

import random
import time
import uuid
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

BATCH = 2000
YEARS = list(range(2016, 2026))
CHAINS = ["棉纺织", "绿色化工", "农产品精深加工", "新能源", "新材料", "装备制造", "生物医药", "数字经济"]
CITIES = ["石河子", "阿拉尔", "图木舒克", "五家渠", "北屯", "铁门关", "双河", "可克达拉", "昆玉", "胡杨河"]
KINDS = ["工艺放大熟化", "小批量试生产", "产品性能检测", "工程化验证", "中试工艺包"]


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


class Command(BaseCommand):
    help = "按规模生成测试数据：seed --scale N（N 个备案基地、10N 份申报及相应专家、服务、评价）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, required=True, help="备案基地数量 N（1–200000）")
        parser.add_argument("--random-seed", type=int, default=2026, help="随机数种子（默认 2026）")

    def handle(self, *args, scale: int, random_seed: int, **opts):
        if not 1 <= scale <= 200_000:
            raise CommandError("--scale 应为 1 到 200000 之间的整数", returncode=2)
        started = time.perf_counter()
        counts = seed(scale, rng=random.Random(random_seed))  # seeded sample data  # nosec B311
        from django.db import connection

        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # As after any bulk load: fresh statistics for the planner and a visibility map, so
            # counts can be answered from an index (autovacuum would do it later, under load).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        seconds = time.perf_counter() - started
        parts = "，".join(f"{k} {v}" for k, v in counts.items())
        self.stdout.write(f"已生成：{parts}；用时 {seconds:.1f} 秒")


@transaction.atomic
def seed(scale: int, rng: random.Random) -> dict[str, int]:
    from pilotbase.accounts.demo import demo_credit_code, ensure_units
    from pilotbase.accounts.models import Organisation, Role, User
    from pilotbase.applications.models import Application, Call
    from pilotbase.audit import services as audit
    from pilotbase.bases.models import PilotBase

    S = Application.Status
    tag = uuid.uuid4().hex[:6]
    units = list(ensure_units().values())
    unusable = make_password(None)
    officer = User.objects.create(
        username=f"seed_{tag}_officer", role=Role.OFFICER, password=unusable, display_name="压测科技局"
    )
    calls = Call.objects.bulk_create(
        [
            Call(
                title=f"关于组织申报{year}年度兵团科技成果转化中试基地的通知（压测 {tag}）",
                document_number=f"兵科发〔{year}〕{900 + i}号",
                text="压测数据",
                opens_on=date(year, 3, 1),
                closes_on=date(year, 4, 30),
                created_by=officer,
            )
            for i, year in enumerate(YEARS)
        ]
    )
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{rng.choice(CITIES)}{rng.choice(CHAINS)}科技有限公司（压测{tag}-{i}）",
                credit_code=demo_credit_code(f"seed-{tag}-{i}"),
                kind="enterprise",
                registered_on=date(2005 + i % 10, 1 + i % 12, 1 + i % 28),
                recommending_unit=units[i % len(units)],
            )
            for i in range(scale)
        ],
        batch_size=BATCH,
    )
    users = User.objects.bulk_create(
        [
            User(
                username=f"seed_{tag}_{i}",
                role=Role.APPLICANT,
                organisation=org,
                password=unusable,
                display_name=f"申报联系人{i}",
            )
            for i, org in enumerate(orgs)
        ],
        batch_size=BATCH,
    )
    others = [s for s in S.values if s != S.FILED]
    applications: list[Application] = []
    filed_index: list[int] = []
    for org, user in zip(orgs, users, strict=True):
        filed_call = rng.randrange(len(calls))
        for c, call in enumerate(calls):
            status = S.FILED if c == filed_call else rng.choice(others)
            if status == S.FILED:
                filed_index.append(len(applications))
            applications.append(
                Application(
                    organisation=org,
                    recommending_unit_id=org.recommending_unit_id,
                    call=call,
                    name=f"{org.name[:20]}{rng.choice(CHAINS)}中试基地",
                    description="面向兵团主导产业提供工艺放大熟化和小批量试生产服务。",
                    platform_basis="engineering_research_centre",
                    service_list=rng.sample(KINDS, 3),
                    status=status,
                    submitted_count=0 if status == S.DRAFT else 1,
                    consolidated_score=rng.randint(60, 98) if status in (S.FILED, S.SELECTED) else None,
                    created_by=user,
                )
            )
    applications = Application.objects.bulk_create(applications, batch_size=BATCH)
    per_year: dict[int, int] = {}
    bases = []
    for i, index in enumerate(filed_index):
        app = applications[index]
        year = YEARS[(index % len(calls))]
        per_year[year] = (
            per_year.get(year, PilotBase.objects.filter(filing_number__startswith=f"BTZS-{year}-").count())
            + 1
        )
        bases.append(
            PilotBase(
                name=app.name,
                filing_number=f"BTZS-{year}-{per_year[year]:05d}",
                filed_on=date(year, 9, 1) + timedelta(days=i % 60),
                document_number=f"兵科发〔{year}〕{100 + i % 800}号",
                organisation=orgs[i],
                recommending_unit=units[i % len(units)],
                industry_chains=[rng.choice(CHAINS)],
                description=app.description,
                source_application=app,
            )
        )
    bases = PilotBase.objects.bulk_create(bases, batch_size=BATCH)
    counts = {
        "组织": len(orgs),
        "用户": len(users) + 1,
        "申报通知": len(calls),
        "申报": len(applications),
        "备案基地": len(bases),
    }

    Expert = _model("experts.Expert")
    if Expert is not None:
        experts = Expert.objects.bulk_create(
            [
                Expert(
                    name=f"专家{tag}{i}",
                    organisation_name=f"{rng.choice(CITIES)}研究院",
                    recommending_unit=units[i % len(units)],
                    title="正高级工程师",
                    chains=[rng.choice(CHAINS)],
                    region=rng.choice(CITIES),
                )
                for i in range(max(1, scale // 2))
            ],
            batch_size=BATCH,
        )
        counts["专家"] = len(experts)

    Service = _model("catalogue.PilotService")
    if Service is not None:
        services = Service.objects.bulk_create(
            [
                Service(
                    base=base,
                    ref=f"S{k}",
                    title=f"{base.industry_chains[0]}{KINDS[k % len(KINDS)]}",
                    kinds=[KINDS[k % len(KINDS)]],
                    industry_chains=base.industry_chains,
                    description="提供中试验证、工艺放大与检测服务。",
                    capacity="年中试 20 批次",
                    lead_time_days=30,
                    fee="面议",
                    status="published",
                )
                for base in bases
                for k in (1, 2)
            ],
            batch_size=BATCH,
        )
        counts["中试服务"] = len(services)

    Campaign, Evaluation = _model("evaluations.EvaluationCampaign"), _model("evaluations.Evaluation")
    if Campaign is not None and Evaluation is not None:
        campaign = Campaign.objects.create(
            title=f"2026年度中试基地绩效评价（压测 {tag}）",
            as_of=date(2026, 1, 1),
            report_deadline=date(2026, 6, 30),
            opened_by=officer,
        )
        due = [b for b in bases if b.filed_on <= date(2023, 1, 1)]
        evaluations = Evaluation.objects.bulk_create(
            [Evaluation(campaign=campaign, base=b) for b in due], batch_size=BATCH
        )
        counts["绩效评价"] = len(evaluations)

    audit.record(None, "seed_loaded", data={"tag": tag, "scale": scale, "counts": counts})
    return counts
