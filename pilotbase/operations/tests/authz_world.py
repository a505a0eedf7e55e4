"""The world the authorization matrix and the header walk share: the demo, built once per test
module inside a transaction that is rolled back afterwards, plus two expert personas the demo
lacks (an expert outside the panel, and one with a detected conflict), one signed-in client per
persona, and for every URL parameter an object on the "A" side (tianye, division 8) and one on the
"B" side (alar_cotton, division 1)."""

from __future__ import annotations

import inspect
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver

PERSONAS = [
    "applicant_a",
    "applicant_b",
    "reviewer_div1",
    "reviewer_div8",
    "officer",
    "expert_assigned",
    "expert_free",
    "expert_conflicted",
    "evaluator",
    "sysadmin",
    "secadmin",
    "auditadmin",
    "enterprise",
    "anonymous",
]
MISSING = 999_999  # a primary key that exists nowhere: every persona is refused


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (f"{namespace}{p.name}" if p.name else None), p.callback


def post_only_views() -> set[str]:
    """``module.function`` of every view decorated ``@require_POST`` (read from the source)."""
    import importlib

    found = set()
    for app in ("accounts", "audit", "workdays", "rules", "applications", "experts", "notices", "bases"):
        found |= _post_only(importlib.import_module(f"pilotbase.{app}.views"))
    for app in ("evaluations", "catalogue", "documents", "portal"):
        found |= _post_only(importlib.import_module(f"pilotbase.{app}.views"))
    return found


def _post_only(module) -> set[str]:
    source = inspect.getsource(module)
    names = re.findall(r"@require_POST\n(?:@[^\n]*\n)*def (\w+)", source)
    return {f"{module.__name__}.{n}" for n in names}


@contextmanager
def rolled_back(django_db_blocker, media_root) -> Iterator[SimpleNamespace]:
    """The world for a whole test module, in one transaction rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build(media_root)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build(media_root) -> SimpleNamespace:
    from django.conf import settings

    settings.MEDIA_ROOT = media_root
    from pilotbase.accounts import services as accounts
    from pilotbase.accounts.demo import DEMO_PASSWORD
    from pilotbase.accounts.models import Notification, Role, User
    from pilotbase.applications.models import Application, Call, FilingBatch, Material
    from pilotbase.bases.models import PilotBase
    from pilotbase.catalogue import services as catalogue
    from pilotbase.catalogue.demo import TIANYE_BASE
    from pilotbase.catalogue.models import Demand, Engagement, PilotService, PracticeCase
    from pilotbase.evaluations.models import Evaluation, EvaluationCampaign, EvaluationEvidence
    from pilotbase.experts.models import AssignmentRound, Conflict, Expert, ExpertAffiliation, Invitation
    from pilotbase.notices.models import Objection, PublicNotice
    from pilotbase.operations import demo

    world, _lines = demo.build()
    people = dict(world["people"])
    people["expert_assigned"] = people["expert_tech"]
    S = Application.Status
    app_b_panel = Application.objects.get(status=S.EXPERT_EVALUATION)
    panel_experts = set(
        Invitation.objects.filter(application=app_b_panel).values_list("expert_id", flat=True)
    )
    conflicted = Expert.objects.get(affiliations__organisation_name="阿拉尔市新农棉纺有限责任公司")
    free = Expert.objects.filter(user=None).exclude(pk__in=panel_experts).exclude(pk=conflicted.pk).first()
    for username, expert in (("expert_free", free), ("expert_conflicted", conflicted)):
        user = accounts.create_user(
            username=username, password=DEMO_PASSWORD, role=Role.EXPERT, display_name=expert.name
        )
        expert.user = user
        expert.save(update_fields=["user"])
        people[username] = user
    assert not Invitation.objects.filter(expert=conflicted).exists()
    # a demand of an enterprise other than the demo's, so the demo enterprise has a foreign demand
    other_enterprise = accounts.create_user(
        username="enterprise_b",
        password=DEMO_PASSWORD,
        role=Role.PUBLIC,
        display_name="李企业",
        organisation=world["organisations"]["tumxuk_tomato"],
    )
    other = catalogue.post_demand(
        by=other_enterprise,
        title="棉籽蛋白提取工艺放大",
        text="需要把棉籽蛋白提取工艺放大到中试规模。",
        contact_name="李晓梅",
        contact_phone="0997-1234567",
    )

    def app(org, status):
        return Application.objects.get(organisation=people[org].organisation, status=status)

    app_a = app("applicant_a", S.FORMAL_REVIEW)
    app_b = app_b_panel
    material_a = Material.objects.filter(application=app_a).first()
    material_b = Material.objects.filter(application=app_b).first()
    base_a = PilotBase.objects.get(filing_number=TIANYE_BASE)
    base_b = PilotBase.objects.filter(organisation=people["applicant_b"].organisation).first()
    campaign = EvaluationCampaign.objects.order_by("-pk").first()
    eval_a = Evaluation.objects.filter(base__organisation=people["applicant_a"].organisation).first()
    eval_b = Evaluation.objects.get(evaluator=people["evaluator"])
    invitation_a = Invitation.objects.get(application=app_b, expert__user=people["expert_assigned"])
    invitation_b = Invitation.objects.filter(application=app_b, expert__user=None).first()
    demand_a = Demand.objects.filter(organisation=people["enterprise"].organisation).first()
    engagement_a = Engagement.objects.filter(service__base=base_a).first()
    # the demo's services all belong to tianye: the foreign engagement/service is one that does not exist
    engagement_b = Engagement.objects.exclude(service__base=base_a).first() or SimpleNamespace(pk=MISSING)
    service_a = PilotService.objects.filter(base=base_a).first()
    service_b = PilotService.objects.exclude(base=base_a).first() or SimpleNamespace(pk=MISSING)
    notices = list(PublicNotice.objects.order_by("pk"))
    call = Call.objects.first()
    conflict = Conflict.objects.first()
    objection = Objection.objects.first()
    evidence = EvaluationEvidence.objects.first()

    absent = [
        n
        for n, v in {
            "eval_a": eval_a,
            "base_b": base_b,
            "engagement_a": engagement_a,
            "material_a": material_a,
            "invitation_b": invitation_b,
        }.items()
        if v is None
    ]
    assert not absent, f"the demo no longer has {absent}"

    def notif(user):
        n = Notification.objects.filter(recipient=people[user]).first()
        return n.pk if n else MISSING

    def pk(obj):
        return obj.pk if obj is not None else MISSING

    r = AssignmentRound.objects.first()
    two = lambda a, b: ({"pk": a}, {"pk": b})  # noqa: E731
    same = lambda v: ({"pk": v}, {"pk": v})  # noqa: E731
    # url name -> (kwargs for the A-side object, kwargs for the B-side object)
    params = {
        "accounts:user_action": (
            {"pk": people["applicant_a"].pk, "action": "deactivate"},
            {"pk": people["applicant_b"].pk, "action": "deactivate"},
        ),
        "accounts:open_notification": two(notif("applicant_a"), notif("applicant_b")),
        "applications:call_detail": same(call.pk),
        "applications:application_start": same(call.pk),
        "applications:batch_detail": two(
            FilingBatch.objects.get(name="2026年第三批").pk, FilingBatch.objects.get(name="2026年第一批").pk
        ),
        "experts:expert_detail": two(invitation_a.expert_id, invitation_b.expert_id),
        "experts:affiliation_remove": two(
            ExpertAffiliation.objects.filter(expert_id=invitation_a.expert_id).first().pk,
            ExpertAffiliation.objects.filter(expert_id=invitation_b.expert_id).first().pk,
        ),
        "experts:conflict_clear": same(pk(conflict)),
        "experts:round_detail": same(pk(r)),
        "experts:panel_detail": two(app_a.pk, app_b.pk),
        "experts:assignment_material": (
            {"pk": invitation_a.pk, "material": material_b.pk},
            {"pk": invitation_b.pk, "material": material_b.pk},
        ),
        "notices:public_detail": two(notices[0].pk, notices[-1].pk),
        "notices:objection_detail": same(pk(objection)),
        "bases:base_detail": two(base_a.pk, base_b.pk),
        "evaluations:campaign_detail": same(campaign.pk),
        "evaluations:evaluation_detail": two(eval_a.pk, eval_b.pk),
        "evaluations:evidence_download": (
            {"pk": eval_a.pk, "evidence_pk": pk(evidence)},
            {"pk": eval_b.pk, "evidence_pk": pk(evidence)},
        ),
        "catalogue:service_edit": two(service_a.pk, service_b.pk),
        "catalogue:demand_detail": two(demand_a.pk, other.pk),
        "catalogue:engagement_detail": two(engagement_a.pk, engagement_b.pk),
        "catalogue:case_edit": same(PracticeCase.objects.first().pk),
        "documents:export_download": ({"name": "applications"}, {"name": "applications"}),
        "documents:dossier": two(app_a.pk, app_b.pk),
        "documents:public_notice": (
            {"pk": notices[0].pk, "fmt": "docx"},
            {"pk": notices[-1].pk, "fmt": "docx"},
        ),
        "documents:document": (
            {"kind": "call_notice", "pk": call.pk, "fmt": "docx"},
            {"kind": "call_notice", "pk": call.pk, "fmt": "docx"},
        ),
        "documents:template_edit": ({"kind": "call_notice"}, {"kind": "call_notice"}),
        "documents:template_preview": (
            {"kind": "call_notice", "fmt": "docx"},
            {"kind": "call_notice", "fmt": "docx"},
        ),
        "portal:base_profile": (
            {"filing_number": base_a.filing_number},
            {"filing_number": base_b.filing_number},
        ),
        "portal:investor_contact": ({"filing_number": TIANYE_BASE}, {"filing_number": TIANYE_BASE}),
        "portal:case_detail": same(PracticeCase.objects.first().pk),
        "applications:application_edit": (
            {"pk": app_a.pk, "step": "facts"},
            {"pk": app_b.pk, "step": "facts"},
        ),
        "applications:application_autosave": (
            {"pk": app_a.pk, "step": "facts"},
            {"pk": app_b.pk, "step": "facts"},
        ),
        "applications:application_action": (
            {"pk": app_a.pk, "action": "withdraw"},
            {"pk": app_b.pk, "action": "withdraw"},
        ),
    }
    for name in ("material_download", "material_remove"):
        params[f"applications:{name}"] = two(material_a.pk, material_b.pk)
    for name in ("batch_publish", "batch_file"):
        params[f"applications:{name}"] = params["applications:batch_detail"]
    for name in (
        "application_detail",
        "material_upload",
        "application_versions",
        "review_check",
        "record_opinion",
        "site_visit",
    ):
        params[f"applications:{name}"] = two(app_a.pk, app_b.pk)
    for name in (
        "expert_edit",
        "affiliation_add",
        "unavailability_add",
        "unavailability_remove",
        "expert_active",
        "conflict_add",
    ):
        params[f"experts:{name}"] = params["experts:expert_detail"]
    for name in ("round_adjust", "round_save"):
        params[f"experts:{name}"] = params["experts:round_detail"]
    for name in ("assignment_detail", "assignment_respond", "assignment_review"):
        params[f"experts:{name}"] = two(invitation_a.pk, invitation_b.pk)
    for name in ("base_revoke", "base_support"):
        params[f"bases:{name}"] = params["bases:base_detail"]
    params["evaluations:campaign_publish"] = params["evaluations:campaign_detail"]
    # the evaluation's expert review and site visit (the demo has none yet: a missing key then)
    from pilotbase.evaluations import models as evaluation_models

    review = getattr(evaluation_models, "EvaluationExpertReview", None)
    review = review.objects.first() if review else None
    visit = getattr(evaluation_models, "EvaluationSiteVisit", None)
    visit = visit.objects.first() if visit else None
    params["evaluations:expert_review"] = same(pk(review))
    params["evaluations:expert_evidence_download"] = (
        {"pk": pk(review), "evidence_pk": pk(evidence)},
        {"pk": pk(review), "evidence_pk": pk(evidence)},
    )
    params["evaluations:site_visit_minutes"] = (
        {"pk": eval_a.pk, "visit_pk": pk(visit)},
        {"pk": eval_b.pk, "visit_pk": pk(visit)},
    )
    for name in ("service_new", "service_upload", "profile_edit"):
        params[f"catalogue:{name}"] = ({"base_pk": base_a.pk}, {"base_pk": base_b.pk})
    for name in ("service_publish", "service_withdraw"):
        params[f"catalogue:{name}"] = params["catalogue:service_edit"]
    for name in ("demand_close", "engagement_request"):
        params[f"catalogue:{name}"] = params["catalogue:demand_detail"]
    for name in ("engagement_move", "engagement_rate"):
        params[f"catalogue:{name}"] = params["catalogue:engagement_detail"]
    # API path parameters, by the object they name
    api = {
        "/api/v1/applications/{pk}": two(app_a.pk, app_b.pk),
        "/api/v1/experts/assignments/{pk}": two(invitation_a.pk, invitation_b.pk),
        "/api/v1/experts/panels/{pk}": two(app_a.pk, app_b.pk),
        "/api/v1/notices/{pk}": two(notices[0].pk, notices[-1].pk),
        "/api/v1/evaluations/campaigns/{pk}": same(campaign.pk),
        "/api/v1/evaluations/{pk}": two(eval_a.pk, eval_b.pk),
        "/api/v1/catalogue/demands/{demand_id}": (
            {"demand_id": demand_a.pk},
            {"demand_id": other.pk},
        ),
        "/api/v1/catalogue/engagements/{engagement_id}": (
            {"engagement_id": engagement_a.pk},
            {"engagement_id": engagement_b.pk},
        ),
    }
    clients = {"anonymous": Client()}
    for persona in PERSONAS:
        if persona == "anonymous":
            continue
        c = Client()
        c.force_login(people[persona])
        session = c.session
        session["pilotbase_login_at"] = session["pilotbase_seen"] = time.time()
        session.save()
        clients[persona] = c
    return SimpleNamespace(people=people, params=params, api=api, clients=clients, user_model=User)


def api_params(world, path: str) -> tuple[dict, dict] | None:
    """The A and B kwargs for an API path (the longest known prefix with parameters)."""
    if "{" not in path:
        return None
    best = max((p for p in world.api if path.startswith(p)), key=len, default=None)
    if best is None:
        raise AssertionError(f"no object chosen for the parameters of {path}")
    return world.api[best]
