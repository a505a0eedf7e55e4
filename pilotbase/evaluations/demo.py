"""Demo: filed bases in every status, last year's evaluation results, and a campaign under way."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from pilotbase.audit import services as audit
from pilotbase.bases import lifecycle
from pilotbase.bases.models import PilotBase
from pilotbase.operations import clock

from . import services
from .fixtures import make_base
from .models import Evaluation, EvaluationCampaign, Rectification, SupportRecord

S = PilotBase.Status
PAST_TITLE = "2025年度中试基地绩效评价（演示）"
CURRENT_TITLE = "2026年度中试基地绩效评价（演示）"
FIGURES = {
    "pilot_projects": 9,
    "services_delivered": 31,
    "enterprises_served": 14,
    "open_sharing_hours": 1800,
    "incubated_enterprises": 2,
    "revenue_yuan": "860000.00",
    "staff": 19,
}


def build(world: dict) -> None:
    if EvaluationCampaign.objects.filter(title=CURRENT_TITLE).exists():
        return
    people, orgs = world["people"], world["organisations"]
    officer = people["officer"]
    today = clock.today()
    with transaction.atomic():

        def base(org, name, years_ago, days=0, status=S.ACTIVE):
            filed = lifecycle.add_years(today, -years_ago) - timedelta(days=days)
            b = make_base(orgs[org], name=name, filed_on=filed, status=status)
            audit.record(b, "base_filed", by=officer, data={"filing_number": b.filing_number, "demo": True})
            return b

        due_a = base("tianye", "天业节水灌溉装备中试基地", 3, 10)
        due_b = base("alar_cotton", "阿拉尔棉纺新材料中试基地", 3, 30)
        excellent = base("corps_academy", "农垦科学院农产品加工中试中心", 4)
        rectifying = base("shz_biomed", "天山生物医药中试基地", 4, status=S.UNDER_EVALUATION)
        revoked = base("kunyu_jujube", "和田红枣深加工中试基地", 5)
        withdrawn = base("beitun_equip", "额河装备制造中试基地", 5)

        # Last year's campaign, already filed: one excellent (with support), one unqualified (rectifying).
        past = EvaluationCampaign.objects.create(
            title=PAST_TITLE,
            as_of=today - timedelta(days=330),
            report_deadline=today - timedelta(days=270),
            opened_by=officer,
            notice_text="请各基地提交自评报告。",
        )
        result_on = today - timedelta(days=200)
        for b, grade in ((excellent, "excellent"), (rectifying, "unqualified")):
            ev = Evaluation.objects.create(
                campaign=past,
                base=b,
                status=Evaluation.Status.FILED,
                grade=grade,
                indicators=FIGURES,
                self_report="三年来基地运行情况良好。",
                authenticity_opinion="经核实，材料真实。",
                review_opinion="按指标体系评定。",
                graded_by=officer,
                result_on=result_on,
                result_document_number=f"兵科发〔{result_on.year}〕18号",
            )
            audit.record(ev, "evaluation_filed", by=officer, data={"grade": grade, "demo": True})
        lifecycle.move(
            rectifying,
            S.RECTIFYING,
            expect=S.UNDER_EVALUATION,
            by=officer,
            action="rectification_ordered",
            data={"demo": True},
        )
        Rectification.objects.create(
            evaluation=rectifying.evaluations.get(),
            base=rectifying,
            deadline=lifecycle.add_years(result_on, 1),
            status=Rectification.Status.PLAN_SUBMITTED,
            plan="一、完善设备开放共享制度；二、充实专职人员。",
        )
        SupportRecord.objects.create(
            base=excellent,
            kind="中试项目后补助",
            amount_yuan=Decimal("500000.00"),
            granted_on=result_on + timedelta(days=30),
            document_number=f"兵科发〔{result_on.year}〕27号",
            recorded_by=officer,
        )
        lifecycle.revoke(
            revoked,
            reason="rectification_refused",
            document_number=f"兵科发〔{today.year}〕7号",
            evidence="限期整改通知送达后拒不提交整改方案。",
            by=officer,
            decided_on=today - timedelta(days=60),
        )
        lifecycle.revoke(
            withdrawn,
            reason="withdrawal_requested",
            document_number=f"兵科发〔{today.year}〕9号",
            evidence="建设运营单位来函申请主动取消备案。",
            by=officer,
            decided_on=today - timedelta(days=40),
        )

        # This year's campaign: one base still writing, one forwarded and entrusted to the evaluator.
        campaign = services.open_campaign(
            title=CURRENT_TITLE,
            notice_text="请到期基地于截止日前提交自评报告及佐证材料。",
            as_of=today,
            report_deadline=today + timedelta(days=45),
            by=officer,
        )
        ev = campaign.evaluations.filter(base=due_b).first()
        if ev is not None:
            services.submit_self_evaluation(
                ev,
                indicators=FIGURES,
                report="基地三年来完成中试项目9项，服务企业14家。",
                by=people["applicant_b"],
            )
            services.forward(ev, opinion="经核实，自评材料真实、数据可靠。", by=people["reviewer_div1"])
            services.entrust(ev, evaluator=people["evaluator"], by=officer)
        _performance_rubric(officer)
    world["evaluation_campaign"] = campaign
    world["demo_bases"] = [due_a, due_b, excellent, rectifying, revoked, withdrawn]


# Art. 9(二): the rubric experts score evaluation materials with (stage 绩效评价材料评审).
PERFORMANCE_RUBRIC = [
    {"code": "operation", "label": "运行管理与制度建设", "weight": "20", "min": "0", "max": "20"},
    {"code": "service", "label": "中试服务能力与成效", "weight": "35", "min": "0", "max": "35"},
    {"code": "sharing", "label": "开放共享与孵化带动", "weight": "25", "min": "0", "max": "25"},
    {
        "code": "authenticity",
        "label": "材料真实性与完整性",
        "weight": "20",
        "min": "0",
        "max": "20",
        "blocking_below": "8",
    },
]


def _performance_rubric(officer) -> None:
    from pilotbase.experts import services as expert_services
    from pilotbase.experts.models import Rubric

    stage = Rubric.Stage.PERFORMANCE_EVALUATION
    if not Rubric.objects.filter(stage=stage, active=True).exists():
        expert_services.create_rubric(
            stage=stage, title="中试基地绩效评价材料评审标准", criteria=PERFORMANCE_RUBRIC, by=officer
        )


def describe(world: dict) -> list[str]:
    campaign = (
        world.get("evaluation_campaign") or EvaluationCampaign.objects.filter(title=CURRENT_TITLE).first()
    )
    if campaign is None:
        return []
    counts = {s.label: PilotBase.objects.filter(status=s).count() for s in S}
    return [
        "绩效评价：" + "，".join(f"{k} {v}" for k, v in counts.items()),
        f"  进行中的评价：{campaign.title}（/evaluations/campaigns/{campaign.pk}/）",
    ]
