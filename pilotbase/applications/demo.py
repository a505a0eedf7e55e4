"""Demo: one open call and an application in every state of the workflow. Idempotent and fast."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from pilotbase.operations import clock

from . import services
from .models import Application, Call, FilingBatch, Material

DEMO_CALL_NUMBER = "兵科发〔2026〕5号"
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def complete_facts(org) -> tuple[dict, dict]:
    """Facts that meet every automatic threshold of Article 7, and the rows behind them."""
    staff = [
        {
            "name": f"研发人员{i}",
            "full_time": True,
            "technical": i < 5,
            "education": "master" if i < 4 else "bachelor",
            "title": "intermediate",
            "years_of_service": 6 + i,
        }
        for i in range(7)
    ]
    facts = {
        "applicant": {
            "independent_legal_person": True,
            "registered_on": (org.registered_on or clock.today() - timedelta(days=3650)).isoformat(),
            "operating_normally": True,
            "credit_blacklisted": False,
            "via_host_unit": False,
        },
        "industry": {"chains": ["cotton_textile"]},
        "site": {"independent": True, "area_m2": "2600"},
        "equipment": {
            "pilot_line": True,
            "process_qc": True,
            "product_testing": True,
            "original_value_yuan": "6800000",
        },
        "pilot_lines": ["process_improvement", "sample_trial_production"],
        "external_pilot_projects": 3,
        "team": {"technical_leader": True, "fixed_rd_team": True},
        "staff": [{k: v for k, v in s.items() if k != "name"} for s in staff],
        "safety": {"facilities": True, "standards_compliant": True, "incidents": []},
        "management": {"service_procedure_and_fees": True, "ip_protection_measures": True},
        "openness": {"open_sharing": True, "service_list_published": True},
        "ethics": {"fields": ["new_materials"], "ethics_sensitive": False, "ethics_committee": False},
    }
    details = {
        "staff": staff,
        "equipment": [
            {"name": "中试生产线", "original_value_yuan": "5000000"},
            {"name": "在线质量检测系统", "original_value_yuan": "1800000"},
        ],
        "external_projects": [
            {"name": f"对外中试项目{i}", "client": "合作企业", "year": 2025} for i in range(3)
        ],
        "incidents": [],
    }
    return facts, details


def fill_and_upload(application: Application, by, name: str) -> Application:
    """Complete the application as a careful applicant would (facts, description, every material)."""
    facts, details = complete_facts(application.organisation)
    Application.objects.filter(pk=application.pk).update(
        name=name,
        description=f"{name}面向兵团主导产业提供工艺放大和小批量试制服务。",
        platform_basis="engineering_research_centre",
        platform_corps_level=True,
        co_builders=["石河子大学"],
        service_list=["工艺放大熟化", "小批量试生产", "产品性能检测"],
        facts=facts,
        details=details,
    )
    application.refresh_from_db()
    for kind in Material.REQUIRED_KINDS:
        upload = SimpleUploadedFile(
            f"{Material.Kind(kind).label}.pdf", TINY_PDF, content_type="application/pdf"
        )
        services.add_material(application, kind=kind, upload=upload, by=by)
    application.refresh_from_db()
    return application


def open_call(officer) -> Call:
    call = Call.objects.filter(document_number=DEMO_CALL_NUMBER).first()
    if call is None:
        today = clock.today()
        call = services.create_call(
            title="关于组织申报2026年度兵团科技成果转化中试基地的通知",
            document_number=DEMO_CALL_NUMBER,
            text="各师市、院校科技行政主管部门，兵团有关行业主管部门：\n根据《兵团科技成果转化中试基地备案管理暂行办法》，现组织申报2026年度中试基地。",
            opens_on=today - timedelta(days=30),
            closes_on=today + timedelta(days=60),
            by=officer,
        )
    return call


def walk(application: Application, upto: str, people: dict) -> Application:
    """Move a complete draft along the workflow until it reaches ``upto``."""
    S = Application.Status
    officer = people["officer"]
    reviewer = {"division-1": "reviewer_div1", "division-8": "reviewer_div8"}.get(
        application.organisation.recommending_unit.code, "reviewer_div8"
    )
    reviewer = people.get(reviewer)
    applicant = application.created_by
    steps = [
        (S.SUBMITTED, lambda a: services.submit(a, pledge=True, by=applicant)),
        (
            S.RECOMMENDED,
            lambda a: services.recommend(
                a, opinion="材料齐全，符合申报条件，同意推荐。", order=a.pk, by=reviewer
            ),
        ),
        (S.FORMAL_REVIEW, lambda a: services.start_formal_review(a, by=officer)),
    ]
    if upto == S.RETURNED:
        steps = [
            steps[0],
            (
                S.RETURNED,
                lambda a: services.return_for_revision(
                    a, reasons="请补充设备购置发票和近两年对外中试服务合同。", by=reviewer
                ),
            ),
        ]
    for _target, step in steps:
        application = step(application)
        if application.status == upto:
            return application
    if upto in (S.EXPERT_EVALUATION, S.EVALUATED, S.SELECTED, S.ON_NOTICE, S.FILED):
        for check in services.checklist(application)["checks"]:
            if check["status"] in ("manual", "missing", "fail"):
                services.review_check(
                    application,
                    check_id=check["id"],
                    status="pass",
                    reason="经材料审查和现场了解，符合要求",
                    by=officer,
                )
                application.refresh_from_db()
        application = services.send_to_experts(
            application, opinion="材料齐全，条件符合，提交专家评估论证。", by=officer
        )
    if upto in (S.EVALUATED, S.SELECTED, S.ON_NOTICE, S.FILED):
        application = services.record_consolidated_opinion(
            application, Decimal("86.5"), "专家组同意备案。", officer
        )
    return application


def build(world: dict) -> None:
    people = world["people"]
    officer = people["officer"]
    if Application.objects.filter(call__document_number=DEMO_CALL_NUMBER).exists():
        return
    S = Application.Status
    with transaction.atomic():
        call = open_call(officer)
        # Batches first (a batch's selection tells every other evaluated application of the call):
        # one filed, one on notice from today, one selected awaiting its notice.
        for name, org_user, base_name, fate in (
            ("2026年第一批", "applicant_b", "阿拉尔棉籽蛋白中试基地", "filed"),
            ("2026年第二批", "applicant_b", "阿克苏棉纺废料再生中试基地", "on_notice"),
            ("2026年第三批", "applicant_a", "天业盐碱地改良材料中试基地", "selected"),
        ):
            by = people[org_user]
            app = walk(
                fill_and_upload(services.start_application(call, by=by), by, base_name), S.EVALUATED, people
            )
            batch = services.create_batch(call, name=name, by=officer)
            services.select_batch(batch, selected_ids=[app.pk], by=officer)
            if fate == "filed":
                services.publish_batch(batch, starts_on=clock.today() - timedelta(days=30), by=officer)
                services.file_batch(
                    FilingBatch.objects.get(pk=batch.pk), document_number="兵科发〔2026〕12号", by=officer
                )
            elif fate == "on_notice":
                services.publish_batch(batch, starts_on=clock.today(), by=officer)
        plan = [
            ("applicant_a", "天业节水灌溉装备中试基地（草稿）", S.DRAFT),
            ("applicant_b", "南疆棉纺新材料中试基地", S.SUBMITTED),
            ("applicant_a", "天业智能滴灌中试基地", S.RETURNED),
            ("applicant_b", "阿拉尔棉副产品综合利用中试基地", S.RECOMMENDED),
            ("applicant_a", "天业高分子材料中试基地", S.FORMAL_REVIEW),
            ("applicant_b", "塔河流域纺织印染中试基地", S.EXPERT_EVALUATION),
            ("applicant_a", "石河子节水设备工艺熟化中试基地", S.EVALUATED),
        ]
        for username, name, upto in plan:
            by = people[username]
            app = services.start_application(call, by=by)
            if upto == S.DRAFT:
                facts, _details = complete_facts(by.organisation)
                Application.objects.filter(pk=app.pk).update(
                    name=name, facts={"applicant": facts["applicant"]}
                )
                continue
            walk(fill_and_upload(app, by, name), upto, people)


def describe(world: dict) -> list[str]:
    n = Application.objects.count()
    return [
        f"申报备案：{n} 个申报，覆盖草稿、待初审、退回、已推荐、形式审查、专家评估、择优、公示、已备案各状态"
    ]
