"""Real headless Chromium (Debian's package) driven by Playwright; never a downloaded browser."""

import atexit
import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = Path(os.environ.get("PILOTBASE_SCREENSHOTS", Path(__file__).resolve().parents[2] / "screenshots"))


_shared: dict = {}


def _shared_browser():
    """One Chromium for the whole test process. Test modules import these fixtures by name, which
    makes pytest keep one session fixture per module; a second Playwright would fail ("Sync API
    inside the asyncio loop"), so they all share this one."""
    if "browser" not in _shared:
        from playwright.sync_api import sync_playwright

        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(executable_path=CHROMIUM, args=ARGS)
        atexit.register(_stop)
    return _shared["browser"]


def _stop():
    try:
        _shared.pop("browser").close()
        _shared.pop("playwright").stop()
    except Exception:  # noqa: S110 - the process is ending; nothing to report to
        pass


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian chromium is not installed (apt-get install chromium)")
        pytest.skip("Debian chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
    # page actions are ordinary synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return _shared_browser()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.console_errors = errors
    yield pg
    context.close()


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, live_server, username: str, token: str, password: str = "Demo#2026pb"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_otp_token", token)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def signed_in_page(browser, live_server, user, *, failed_response=None):
    """A fresh browser context signed in as ``user`` through the login form (the TOTP code taken
    right before signing in), confirm dialogs accepted. ``pg.console_errors`` collects the
    console's errors; with ``failed_response`` (a predicate on a response, e.g.
    ``failed_subresource``) failed loads are judged by their responses instead, with their address."""
    from pilotbase.conftest import totp_now

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    pg.on("dialog", lambda d: d.accept())
    errors: list[str] = []

    def on_console(message):
        if message.type != "error":
            return
        if failed_response is not None and message.text.startswith("Failed to load resource"):
            return  # recorded by its response below, with its address
        errors.append(message.text)

    pg.on("console", on_console)
    if failed_response is not None:
        pg.on("response", lambda r: errors.append(f"{r.status} {r.url}") if failed_response(r) else None)
    pg.console_errors = errors
    sign_in(pg, live_server, user.username, totp_now(user))
    assert pg.url.endswith("/accounts/"), f"{user.username} not signed in: {pg.url}"
    return pg


def failed_subresource(response) -> bool:
    """A script, style, image or fetch that failed (the browser's own /favicon.ico ask aside)."""
    return (
        response.status >= 400
        and response.request.resource_type != "document"
        and not response.url.endswith("/favicon.ico")
    )


def server_error(response) -> bool:
    return response.status >= 500


def quiet_shot(pg, name: str) -> None:
    """A screenshot; Playwright hides the caret with an injected <style>, which the CSP rightly
    blocks, so what the screenshot itself logs is not held against the page."""
    before = len(pg.console_errors)
    shot(pg, name)
    del pg.console_errors[before:]


def tiny_pdf() -> bytes:
    """A small valid PDF (one empty page, correct xref offsets)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out
