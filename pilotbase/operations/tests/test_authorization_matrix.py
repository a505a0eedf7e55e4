"""The authorization matrix: every page (URL pattern) and every API route, for every persona, on an
object of the persona's own side ("A": tianye, division 8) and of the other side ("B": alar_cotton,
division 1), against the EXPECTED table below. A route missing from the table fails; a view decorated
``@require_POST`` must answer 405 to GET; every API POST refuses the personas without the right.

The rules the table was reviewed against: applicants see their own organisation's things, reviewers
their jurisdiction, the officer everything of the bureau, experts only their accepted assignments,
evaluators only the evaluations entrusted to them, each administrator only their own pages,
enterprises their own demands and engagements, an anonymous visitor only the public pages."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import transaction
from django.urls import get_resolver, reverse

from pilotbase.operations.tests import authz_world as aw

pytestmark = pytest.mark.django_db

# One character per persona, in COLUMNS order, grouped:
#   anonymous | applicant_a applicant_b | reviewer_div1 reviewer_div8 officer |
#   expert_assigned expert_free expert_conflicted | evaluator | sysadmin secadmin auditadmin | enterprise
# 2 = 200, 3 = 403, 4 = 404, 1 = 401, U = 422 (a public API answering a query without its parameters),
# L = redirect to the login page, R = redirect elsewhere (e.g. a signed-in visitor on the login page).
# A string is the answer on both sides; a pair is (A side, B side). Objects the demo lacks (a foreign
# service or engagement, an objection, evidence) are a missing key: every persona gets 404 there.
EXPECTED = {
    "set_language": "R RR RRR RRR R RRR R",
    "accounts:login": "2 RR RRR RRR R RRR R",
    "accounts:dashboard": "L 22 222 222 2 222 2",
    "accounts:profile": "L 22 222 222 2 222 2",
    "accounts:users": "L 33 333 333 3 323 3",
    "accounts:units": "L 33 333 333 3 233 3",
    "accounts:open_notification": ("L R4 444 444 4 444 4", "L 4R 444 444 4 444 4"),
    "audit:event_list": "L 33 333 333 3 332 3",
    "workdays:manage": "L 33 333 333 3 233 3",
    "rules:self_check": "2 22 222 222 2 222 2",
    "rules:chains": "L 33 333 333 3 233 3",
    "applications:call_list": "L 22 222 333 3 333 3",
    "applications:call_detail": "L 22 222 444 4 444 4",
    "applications:application_list": "L 22 222 333 3 333 3",
    "applications:application_detail": ("L 24 422 444 4 444 4", "L 42 242 444 4 444 4"),
    "applications:application_edit": ("L 34 433 444 4 444 4", "L 43 343 444 4 444 4"),
    "applications:application_versions": ("L 24 422 444 4 444 4", "L 42 242 444 4 444 4"),
    "applications:material_download": ("L 24 422 444 4 444 4", "L 42 242 444 4 444 4"),
    "applications:batch_list": "L 33 332 333 3 333 3",
    "applications:batch_detail": "L 44 442 444 4 444 4",
    "applications:bench_bare": "2 22 222 222 2 222 2",
    "experts:expert_list": "L 44 442 444 4 444 4",
    "experts:import_template": "L 44 442 444 4 444 4",
    "experts:expert_detail": "L 44 442 444 4 444 4",
    "experts:expert_edit": "L 44 442 444 4 444 4",
    "experts:round_new": "L 44 442 444 4 444 4",
    "experts:round_detail": "L 44 442 444 4 444 4",
    "experts:rubric_list": "L 44 442 444 4 444 4",
    "experts:panel_detail": "L 44 442 444 4 444 4",
    "experts:workspace": "L 44 444 222 4 444 4",
    "experts:assignment_detail": ("L 44 444 244 4 444 4", "L 44 444 444 4 444 4"),
    "experts:assignment_material": ("L 44 444 244 4 444 4", "L 44 444 444 4 444 4"),
    "notices:public_list": "2 22 222 222 2 222 2",
    "notices:public_detail": "2 22 222 222 2 222 2",
    "notices:manage": "L 33 332 333 3 333 3",
    "notices:objection_detail": "L 44 444 444 4 444 4",
    "bases:base_list": "L 22 222 222 2 222 2",
    "bases:base_detail": ("L 24 422 444 4 444 4", "L 42 242 444 4 444 4"),
    "bases:misconduct_list": "L 33 332 333 3 333 3",
    "evaluations:campaign_list": "L 22 222 222 2 222 2",
    "evaluations:campaign_new": "L 33 332 333 3 333 3",
    "evaluations:campaign_detail": "L 22 222 444 2 444 4",
    "evaluations:evaluation_detail": ("L 24 422 444 4 444 4", "L 42 242 444 2 444 4"),
    "evaluations:expert_reviews": "L 22 222 222 2 222 2",  # a list: each sees only their own
    "evaluations:expert_review": "L 44 444 444 4 444 4",
    "evaluations:expert_evidence_download": "L 44 444 444 4 444 4",
    "evaluations:site_visit_minutes": "L 44 444 444 4 444 4",
    "evaluations:evidence_download": "L 44 444 444 4 444 4",
    "catalogue:manage": "L 22 442 444 4 444 4",
    "catalogue:service_new": ("L 24 442 444 4 444 4", "L 42 442 444 4 444 4"),
    "catalogue:profile_edit": ("L 24 442 444 4 444 4", "L 42 442 444 4 444 4"),
    "catalogue:service_edit": ("L 24 442 444 4 444 4", "L 44 444 444 4 444 4"),
    "catalogue:demand_new": "L 33 333 333 3 333 2",
    "catalogue:demand_detail": ("L 24 442 444 4 444 2", "L 44 442 444 4 444 4"),
    "catalogue:engagements": "L 22 222 222 2 222 2",
    "catalogue:engagement_detail": ("L 24 442 444 4 444 2", "L 44 444 444 4 444 4"),
    "catalogue:overview": "L 33 332 333 3 333 3",
    "catalogue:synonyms": "L 33 333 333 3 233 3",
    "catalogue:case_manage": "L 33 332 333 3 333 3",
    "catalogue:case_new": "L 33 332 333 3 333 3",
    "catalogue:case_edit": "L 33 332 333 3 333 3",
    "documents:dashboard": "L 33 222 333 3 333 3",
    "documents:export_list": "L 22 222 333 2 333 3",
    "documents:export_download": "L 22 222 333 3 333 3",
    "documents:dossier": ("L 24 422 444 4 444 4", "L 42 242 444 4 444 4"),
    "documents:public_notice": "2 22 222 222 2 222 2",
    "documents:document": "L 22 222 444 4 444 4",
    "documents:template_list": "L 33 333 333 3 233 3",
    "documents:template_edit": "L 33 333 333 3 233 3",
    "documents:template_preview": "L 33 333 333 3 233 3",
    "portal:home": "2 22 222 222 2 222 2",
    "portal:base_directory": "2 22 222 222 2 222 2",
    "portal:base_profile": "2 22 222 222 2 222 2",
    "portal:catalogue": "2 22 222 222 2 222 2",
    "portal:case_list": "2 22 222 222 2 222 2",
    "portal:case_detail": "2 22 222 222 2 222 2",
    "portal:investors": "2 22 222 222 2 222 2",
    "portal:investor_contact": "2 22 222 222 2 222 2",
    "portal:open_data": "2 22 222 222 2 222 2",
    "portal:demand_new": "2 22 222 222 2 222 R",
}
EXPECTED_API = {
    "/api/v1/me/": "1 22 222 222 2 222 2",
    "/api/v1/calendar/notice-end": "U UU UUU UUU U UUU U",
    "/api/v1/calendar/is-workday": "U UU UUU UUU U UUU U",
    "/api/v1/applications/": "1 22 222 222 2 222 2",
    "/api/v1/applications/{pk}": ("1 24 422 444 4 444 4", "1 42 242 444 4 444 4"),
    "/api/v1/experts/assignments": "1 22 222 222 2 222 2",
    "/api/v1/experts/assignments/{pk}": ("1 44 444 244 4 444 4", "1 44 444 444 4 444 4"),
    "/api/v1/experts/pool": "1 44 442 444 4 444 4",
    "/api/v1/experts/panels/{pk}": "1 44 442 444 4 444 4",
    "/api/v1/notices/": "2 22 222 222 2 222 2",
    "/api/v1/notices/{pk}": "2 22 222 222 2 222 2",
    "/api/v1/evaluations/campaigns": "1 22 222 222 2 222 2",
    "/api/v1/evaluations/campaigns/{pk}": "1 22 222 444 2 444 4",
    "/api/v1/evaluations/": "1 22 222 222 2 222 2",
    "/api/v1/evaluations/{pk}": ("1 24 422 444 4 444 4", "1 42 242 444 2 444 4"),
    "/api/v1/services": "2 22 222 222 2 222 2",
    "/api/v1/catalogue/demands": "1 22 222 222 2 222 2",
    "/api/v1/catalogue/demands/{demand_id}": ("1 24 442 444 4 444 2", "1 44 442 444 4 444 4"),
    "/api/v1/catalogue/demands/{demand_id}/matches": ("1 34 442 444 4 444 2", "1 44 442 444 4 444 4"),
    "/api/v1/catalogue/engagements": "1 22 222 222 2 222 2",
    "/api/v1/catalogue/engagements/{engagement_id}": ("1 24 442 444 4 444 2", "1 44 444 444 4 444 4"),
    "/api/v1/bases/directory": "2 22 222 222 2 222 2",
}

# API POST routes: who holds the right on the (A side, B side) object. Everyone else must be refused
# (401 anonymous, 403 or 404 signed in); what the holders get depends on the object's state and is
# the business of the app's own tests. Each POST runs in a savepoint that is rolled back.
APPLICATION = ({"applicant_a", "reviewer_div8", "officer"}, {"applicant_b", "reviewer_div1", "officer"})
RIGHTS = {
    "/api/v1/applications/{pk}/": APPLICATION,
    "/api/v1/experts/assignments/{pk}/": ({"expert_assigned"}, set()),
    "/api/v1/evaluations/{pk}/self-evaluation": ({"applicant_a"}, {"applicant_b"}),
    "/api/v1/evaluations/{pk}/grade": ({"officer"}, {"officer", "evaluator"}),
    "/api/v1/catalogue/demands": ({"enterprise"}, {"enterprise"}),
    "/api/v1/catalogue/demands/{demand_id}/close": ({"enterprise", "officer"}, {"officer"}),
    "/api/v1/catalogue/demands/{demand_id}/engagements": (
        {"applicant_a", "enterprise", "officer"},
        {"officer"},
    ),
    "/api/v1/catalogue/engagements/{engagement_id}/": ({"applicant_a", "enterprise", "officer"}, set()),
}
# a valid body for every request schema, so the refusal (not the validation) is what answers
BODIES = {
    "SubmitIn": {"pledge": True},
    "RecommendIn": {"opinion": "同意推荐"},
    "ReturnIn": {"reasons": "请补充材料"},
    "ReasonIn": {"reason": "不符合条件"},
    "CheckReviewIn": {"check_id": "x", "status": "pass", "reason": "核查通过"},
    "OpinionIn": {"opinion": "送专家评审"},
    "OptionalReasonIn": {},
    "RespondIn": {"accept": False, "reason": "时间冲突"},
    "ReviewIn": {"scores": {}, "opinion": "意见"},
    "SelfEvaluationIn": {"indicators": {}, "report": "自评报告"},
    "GradeIn": {"grade": "良好", "opinion": "意见"},
    "DemandIn": {"title": "需求", "text": "需求说明"},
    "CloseIn": {"reason": "已解决"},
    "ContactIn": {},
    "MoveIn": {"action": "accept"},
    "RatingIn": {"rating": 5},
}
COLUMNS = ["anonymous"] + [p for p in aw.PERSONAS if p != "anonymous"]  # the order of a row
CODES = {"2": 200, "3": 403, "4": 404, "1": 401, "U": 422}


@pytest.fixture(scope="module")
def W(django_db_setup, django_db_blocker, tmp_path_factory):
    with aw.rolled_back(django_db_blocker, tmp_path_factory.mktemp("media")) as world:
        yield world


def sides(spec, params):
    """[(side, expected row, kwargs)] for a table entry and the world's parameters for that route."""
    rows = (spec, spec) if isinstance(spec, str) else spec
    rows = [r.replace(" ", "") for r in rows]
    assert all(len(r) == len(aw.PERSONAS) for r in rows), spec
    if params is None:
        return [("-", rows[0], {})]
    return [("A", rows[0], params[0]), ("B", rows[1], params[1])]


def answer(response) -> str:
    if response.status_code == 302:
        return "L" if response["Location"].startswith("/accounts/login/") else "R"
    return {v: k for k, v in CODES.items()}.get(response.status_code, str(response.status_code))


def page_routes():
    post_only = aw.post_only_views()
    for route, name, callback in aw.walk(get_resolver().url_patterns):
        if route.startswith(("api/", "static/")) or name == "portal:healthz":
            continue
        is_post_only = f"{callback.__module__}.{callback.__name__}" in post_only
        yield pytest.param(name, is_post_only, id=name)


def api_gets():
    from pilotbase.api.urls import api

    for path, ops in api.get_openapi_schema()["paths"].items():
        if "get" in ops:
            yield pytest.param(path, id=f"GET {path}")


def api_posts():
    from pilotbase.api.urls import api

    for path, ops in api.get_openapi_schema()["paths"].items():
        op = ops.get("post")
        if op and op.get("security"):
            ref = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            yield pytest.param(path, ref.get("$ref", "").rsplit("/", 1)[-1], id=f"POST {path}")


def test_the_table_names_only_routes_that_exist():
    names = {p.values[0] for p in page_routes()}
    assert not set(EXPECTED) - names, "EXPECTED names pages that no longer exist"
    assert not set(EXPECTED_API) - {p.values[0] for p in api_gets()}


@pytest.mark.parametrize(("name", "post_only"), list(page_routes()))
def test_page(W, name, post_only):
    assert name, "every URL pattern needs a name to be in the authorization matrix"
    if post_only:
        assert name not in EXPECTED, f"{name} is @require_POST: it is checked for 405, not listed"
        for side, _row, kwargs in sides("L" * len(aw.PERSONAS), W.params.get(name)):
            url = reverse(name, kwargs=kwargs)
            for persona, client in W.clients.items():
                got = client.get(url).status_code
                want = 302 if persona == "anonymous" else 405
                assert got == want, f"GET {url} ({side}) as {persona} -> {got}, a POST-only view"
        return
    assert name in EXPECTED, f"{name} is not in the authorization matrix: add its row to EXPECTED"
    wrong = []
    for side, row, kwargs in sides(EXPECTED[name], W.params.get(name)):
        url = reverse(name, kwargs=kwargs)
        for persona, want in zip(COLUMNS, row, strict=True):
            got = answer(W.clients[persona].get(url))
            if got != want:
                wrong.append(f"{persona} {side} {url}: {got}, expected {want}")
    assert not wrong, "\n".join(wrong)


def concrete(path, kwargs):
    for key, value in kwargs.items():
        path = path.replace("{" + key + "}", str(value))
    assert "{" not in path, path
    return path


@pytest.mark.parametrize("path", list(api_gets()))
def test_api_get(W, path):
    assert path in EXPECTED_API, f"GET {path} is not in the authorization matrix: add it to EXPECTED_API"
    wrong = []
    for side, row, kwargs in sides(EXPECTED_API[path], aw.api_params(W, path)):
        url = concrete(path, kwargs)
        for persona, want in zip(COLUMNS, row, strict=True):
            got = answer(W.clients[persona].get(url))
            if got != want:
                wrong.append(f"{persona} {side} {url}: {got}, expected {want}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("path", "schema"), list(api_posts()))
def test_api_post_refuses_who_lacks_the_right(W, path, schema):
    prefix = max((p for p in RIGHTS if path.startswith(p)), key=len, default=None)
    assert prefix is not None, f"POST {path} is not in RIGHTS: say who may call it"
    body = BODIES.get(schema, {}) if schema else None
    assert schema == "" or schema in BODIES, f"no valid body for {schema}"
    params = aw.api_params(W, path)
    wrong = []
    for side, holders, kwargs in zip(("A", "B"), RIGHTS[prefix], params or ({}, {}), strict=True):
        url = concrete(path, kwargs)
        for persona, client in W.clients.items():
            if persona in holders:
                continue
            with transaction.atomic():
                response = client.post(url, body or {}, content_type="application/json")
                transaction.set_rollback(True)
            allowed = {401} if persona == "anonymous" else {403, 404}
            if response.status_code not in allowed:
                wrong.append(f"{persona} {side} {url}: {response.status_code} {response.content[:120]!r}")
        if params is None:
            break
    assert not wrong, "\n".join(wrong)


def export_rows(client, name="applications"):
    response = client.get(reverse("documents:export_download", kwargs={"name": name}))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if "申报编号" in r)
    columns = rows[header]
    return [dict(zip(columns, r, strict=False)) for r in rows[header + 1 :] if any(r)]


@pytest.mark.parametrize("persona", ["applicant_a", "applicant_b", "reviewer_div1", "reviewer_div8"])
def test_application_export_lists_only_own_rows(W, persona):
    from django.db.models import Q

    from pilotbase.accounts.models import Organisation
    from pilotbase.applications.models import Application

    user = W.people[persona]
    rows = export_rows(W.clients[persona])
    listed = {r["申报单位"] for r in rows}
    assert rows, f"{persona} exported no application at all"
    if persona.startswith("applicant"):
        # their own organisation's applications, and those their organisation hosts
        own = Application.objects.filter(Q(organisation=user.organisation) | Q(host_unit=user.organisation))
        assert {r["申报编号"] for r in rows} == set(own.values_list("pk", flat=True))
        assert user.organisation.name in listed
        other = W.people["applicant_b" if persona == "applicant_a" else "applicant_a"]
        assert other.organisation.name not in listed
    else:
        units = set(
            Organisation.objects.filter(name__in=listed).values_list("recommending_unit_id", flat=True)
        )
        assert units == {user.recommending_unit_id}, f"{persona} exported another jurisdiction's rows"
        ids = {r["申报编号"] for r in rows}
        mine = Application.objects.filter(organisation__recommending_unit_id=user.recommending_unit_id)
        assert ids == set(mine.exclude(status=Application.Status.DRAFT).values_list("pk", flat=True))
