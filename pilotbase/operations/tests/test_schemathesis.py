"""Property-based fuzzing of every operation of the JSON API against its own OpenAPI schema, in
process through the Django WSGI application, signed in by bearer token as the bureau officer (who
sees the most) and also without credentials. Every check of Schemathesis runs: no server error, no
response outside the schema (status, content type, headers, body), bad input refused, good input
accepted; and no response carries a traceback.

Schemathesis is a test-only dependency (pip install schemathesis); without it the test is skipped
with that reason. ``max_examples`` is kept small so the whole API is walked in about a minute."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis to fuzz the API")

from django.core import signals  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import ignored_auth  # noqa: E402

from pilotbase.accounts import services as account_services  # noqa: E402
from pilotbase.applications import demo  # noqa: E402
from pilotbase.applications import services as filing  # noqa: E402

MAX_EXAMPLES = 3
# Server errors found by this test, owned by another app; each has its own strict xfail below so
# the main test still guards every other operation. Remove an entry when its owner fixes it.
KNOWN_SERVER_ERRORS: set[tuple[str, str]] = set()
# Paged list endpoints once sliced with a raw offset (offset=-1 or 2**63 gave a 500); kept as a
# regression check below.
PAGED_LISTS = [("GET", "/api/v1/notices/"), ("GET", "/api/v1/applications/"), ("GET", "/api/v1/experts/pool")]


@pytest.fixture
def api(world):
    from pilotbase.wsgi import application

    # Django's own test client does the same: closing "old" connections at the end of each
    # request would close the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    call = demo.open_call(world.officer)
    app = demo.fill_and_upload(
        filing.start_application(call, by=world.applicant_b), world.applicant_b, "基地"
    )
    filing.submit(app, pledge=True, by=world.applicant_b)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _fuzz(operation, headers: dict, excluded=(), checks=None) -> list[str]:
    problems: list[str] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers=headers)
        if "Traceback" in response.text:
            problems.append(f"{case.method} {case.formatted_path}: traceback in the response body")
        try:
            case.validate_response(response, headers=headers, checks=checks, excluded_checks=list(excluded))
        except (Exception, BaseExceptionGroup) as exc:  # collect all, report every operation at once
            text = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
            problem = f"{case.method} {case.formatted_path} → {response.status_code}: " + " | ".join(text[:5])
            if problem not in problems:
                problems.append(problem)

    run()
    return problems[:3]


def _walk(api, world, *, checks=None, only=None, skip=frozenset()) -> tuple[int, list[str]]:
    token = account_services.issue_api_token(world.officer, name="schemathesis", by=world.officer)
    problems: list[str] = []
    operations = 0
    for result in api.get_all_operations():
        operation = result.ok()
        key = (
            operation.method.upper(),
            operation.path if operation.path.startswith("/api") else "/api/v1" + operation.path,
        )
        if (only and key not in only) or key in skip:
            continue
        operations += 1
        # ignored_auth swaps in a forged session cookie, but the valid bearer token next to it
        # rightly still signs the request in (either scheme suffices): it is checked anonymously.
        problems += _fuzz(
            operation, {"Authorization": f"Bearer {token}"}, excluded=[ignored_auth], checks=checks
        )
        problems += [f"anonymous: {p}" for p in _fuzz(operation, {}, checks=checks)]
    return operations, problems


def test_no_operation_answers_with_a_server_error_or_a_traceback(api, world):
    operations, problems = _walk(api, world, checks=[not_a_server_error], skip=KNOWN_SERVER_ERRORS)
    assert operations > 10
    assert not problems, f"{len(problems)} problems in {operations} operations:\n" + "\n".join(problems)


@pytest.mark.parametrize("method_path", PAGED_LISTS)
@pytest.mark.parametrize("offset", ["-1", str(2**63)])
def test_out_of_range_paging_is_a_422_not_a_server_error(client, world, method_path, offset):
    token = account_services.issue_api_token(world.officer, name="regression", by=world.officer)
    response = client.get(
        method_path[1], {"offset": offset, "limit": "10"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 422 and response.json()["field"] == "offset"


def test_every_api_operation_holds_to_its_schema(api, world):
    operations, problems = _walk(api, world)
    assert not problems, f"{len(problems)} problems in {operations} operations:\n" + "\n".join(problems)


def test_a_bearer_token_posts_without_a_csrf_token_and_anonymous_is_401(world):
    """Found by this fuzzing: the session scheme checked CSRF first and refused every token POST
    with 403 (Django's test client skips CSRF, so only a real client such as schemathesis saw it)."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    token = account_services.issue_api_token(world.officer, name="regression", by=world.officer)
    url = "/api/v1/applications/2147483647/withdraw"
    signed = client.post(url, {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert signed.status_code == 404
    assert client.post(url, {}, content_type="application/json").status_code == 401
