"""Security headers and cookies on every page and API route (等保 level 3: confidentiality in transit,
residual information in browser caches), walked with the authorization matrix's routes and world.

The walk runs with the security settings ``PILOTBASE_ENV=production`` gives (read from a child
process, so a weakened production setting fails here), over https (``secure=True``). Each GET route
is requested with real object ids on both sides, as the anonymous visitor, as the first persona the
matrix lets see it, and as one it refuses (so 403/404 error pages are covered). Every response must
carry a CSP without inline script, HSTS, nosniff, frame-ancestors 'none' (or X-Frame-Options DENY), a
Referrer-Policy, and ``Cache-Control: no-store`` when the visitor is signed in (pages, redirects,
error pages, downloads, API JSON alike); every cookie set must be a ``__Host-`` cookie. A route the
matrix does not know fails, as it does there."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import get_resolver, reverse

from pilotbase.operations.tests import authz_world as aw
from pilotbase.operations.tests import test_authorization_matrix as matrix

pytestmark = pytest.mark.django_db

# the settings that decide the headers and cookies, as production has them
PRODUCTION_KEYS = [
    "PRODUCTION",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_NAME",
    "LANGUAGE_COOKIE_SECURE",
]
ONE_YEAR = 365 * 24 * 3600
REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
# a <script> without src that a browser would run; json_script's data blocks are not run
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\ssrc\s*=)(?![^>]*\stype\s*=\s*[\"']?application/(?:ld\+)?json)[^>]*>", re.IGNORECASE
)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def production_settings() -> dict:
    env = {
        **os.environ,
        "PILOTBASE_ENV": "production",
        "SECRET_KEY": "z" * 60,
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "pilotbase.settings",
    }
    env.pop("DEBUG", None)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {PRODUCTION_KEYS!r}}}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production():
    values = production_settings()
    assert values["PRODUCTION"] is True and values["SECURE_SSL_REDIRECT"] is True
    return values


@pytest.fixture(scope="module")
def W(django_db_setup, django_db_blocker, tmp_path_factory, production):
    # the clients are built (and their session cookies named) under the production settings
    with (
        override_settings(**production),
        aw.rolled_back(django_db_blocker, tmp_path_factory.mktemp("media")) as w,
    ):
        yield w


@pytest.fixture(autouse=True)
def _production_settings(request, production):
    if "W" in request.fixturenames:
        with override_settings(**production):
            yield
    else:
        yield


def csp_directives(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), [w.lower() for w in words[1:]])
    return directives


def problems(response, *, signed_in: bool) -> list[str]:
    """What is wrong with one response's headers, cookies and (for HTML) body."""
    found = []
    h = response.headers
    csp = csp_directives(h.get("Content-Security-Policy", ""))
    script_src = csp.get("script-src", csp.get("default-src"))
    if script_src is None:
        found.append("no CSP script-src (nor default-src)")
    elif {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(script_src):
        found.append(f"CSP script-src allows inline or foreign script: {' '.join(script_src)}")
    if csp.get("frame-ancestors") != ["'none'"] and h.get("X-Frame-Options", "").upper() != "DENY":
        found.append("framing allowed: neither frame-ancestors 'none' nor X-Frame-Options DENY")
    hsts = h.get("Strict-Transport-Security", "")
    age = re.search(r"max-age=(\d+)", hsts)
    if not age or int(age.group(1)) < ONE_YEAR or "includesubdomains" not in hsts.lower():
        found.append(f"HSTS missing or weak: {hsts!r}")
    if h.get("X-Content-Type-Options") != "nosniff":
        found.append("no X-Content-Type-Options: nosniff")
    if h.get("Referrer-Policy") not in REFERRER_POLICIES:
        found.append(f"Referrer-Policy {h.get('Referrer-Policy')!r}")
    if signed_in and "no-store" not in h.get("Cache-Control", ""):
        found.append(f"Cache-Control {h.get('Cache-Control')!r} for a signed-in visitor")
    for name, morsel in response.cookies.items():
        if not name.startswith("__Host-"):
            found.append(f"cookie {name} is not a __Host- cookie")
        if not morsel["secure"] or morsel["domain"] or morsel["path"] != "/":
            found.append(f"cookie {name}: Secure, Path=/ and no Domain are required")
        if name.endswith("sessionid") and not morsel["httponly"]:
            found.append(f"session cookie {name} is not HttpOnly")
    content_type = h.get("Content-Type", "")
    if content_type.startswith("text/") and "charset=utf-8" not in content_type.lower():
        found.append(f"Content-Type {content_type!r} without charset=utf-8")
    if content_type.startswith("text/html") and not response.streaming:
        html = response.content.decode("utf-8", "replace")
        for pattern, what in (
            (INLINE_SCRIPT, "inline <script>"),
            (EVENT_HANDLER, "inline event handler"),
            (JS_URL, "javascript: URL"),
        ):
            hit = pattern.search(html)
            if hit:
                found.append(f"{what} in the page: {hit.group(0)[:80]!r}")
    return found


def visitors(row: str) -> list[str]:
    """Anonymous, the first signed-in persona who may see the page, and the first one refused."""
    chosen = ["anonymous"]
    signed_in = list(zip(matrix.COLUMNS, row, strict=True))[1:]
    allowed = next((p for p, a in signed_in if a == "2"), None)
    refused = next((p for p, a in signed_in if a in "134"), None)
    other = next((p for p, a in signed_in if a in "LRU"), None)
    chosen += [p for p in (allowed, refused) if p] or [other or signed_in[0][0]]
    return chosen


def page_routes():
    post_only = aw.post_only_views()
    for route, name, callback in aw.walk(get_resolver().url_patterns):
        if route.startswith(("api/", "static/")):
            continue
        is_post_only = f"{callback.__module__}.{callback.__name__}" in post_only
        yield pytest.param(name, is_post_only, id=name or route)


def check(W, url, personas) -> list[str]:
    wrong = []
    for persona in personas:
        response = W.clients[persona].get(url, secure=True)
        for problem in problems(response, signed_in=persona != "anonymous"):
            wrong.append(f"GET {url} as {persona} ({response.status_code}): {problem}")
        if response.streaming:
            # read to the end: the client then closes the response (and the file) itself; calling
            # close() here would signal request_finished and close the test's database connection
            b"".join(response.streaming_content)
    return wrong


@pytest.mark.parametrize(("name", "post_only"), list(page_routes()))
def test_page_headers(W, name, post_only):
    assert name, "every URL pattern needs a name to be walked"
    if name == "portal:healthz":
        assert not check(W, reverse(name), ["anonymous", "officer"])
        return
    if post_only:
        rows = ("L" * len(aw.PERSONAS),) * 2
    else:
        assert name in matrix.EXPECTED, f"{name} is not in the authorization matrix, so not walked here"
        rows = matrix.EXPECTED[name]
        rows = (rows, rows) if isinstance(rows, str) else rows
    params = W.params.get(name)
    wrong = []
    for side, row in enumerate(rows):
        kwargs = params[side] if params else {}
        personas = ["anonymous", "officer"] if post_only else visitors(row.replace(" ", ""))
        wrong += check(W, reverse(name, kwargs=kwargs), personas)
        if params is None:
            break
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", list(matrix.api_gets()))
def test_api_headers(W, path):
    assert path in matrix.EXPECTED_API, f"GET {path} is not in the authorization matrix"
    rows = matrix.EXPECTED_API[path]
    rows = (rows, rows) if isinstance(rows, str) else rows
    params = aw.api_params(W, path)
    wrong = []
    for side, row in enumerate(rows):
        url = matrix.concrete(path, params[side] if params else {})
        wrong += check(W, url, visitors(row.replace(" ", "")))
        if params is None:
            break
    assert not wrong, "\n".join(wrong)


def test_plain_http_is_redirected_to_https(W):
    response = W.clients["anonymous"].get("/notices/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_static_files_are_not_sniffed(W):
    response = W.clients["anonymous"].get("/static/pilotbase/app.js", secure=True)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=" in response["Strict-Transport-Security"]
    b"".join(response.streaming_content)
