"""A would-be applicant fills the self-check form in real Chromium, adds roster rows, and reads
every Article 7 check with its clause and a verdict."""

import pytest

from pilotbase.tests_browser.conftest import browser, page, shot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_self_check_in_the_browser(live_server, page):  # noqa: F811
    page.goto(f"{live_server.url}/eligibility/")
    page.fill("#f-as_of", "2026-03-01")
    page.check("#f-industry-chains-cotton_textile")
    for name in (
        "applicant-independent_legal_person",
        "applicant-operating_normally",
        "site-independent",
        "equipment-pilot_line",
        "equipment-process_qc",
        "equipment-product_testing",
        "team-technical_leader",
        "team-fixed_rd_team",
    ):
        page.select_option(f"#f-{name}", "true")
    page.fill("#f-applicant-registered_on", "2022-05-10")
    page.fill("#f-site-area_m2", "2600")
    page.fill("#f-equipment-original_value_yuan", "6800000")
    page.check("#f-pilot_lines-process_improvement")
    for _ in range(2):
        page.click("[data-add-row='staff-template']")
    rows = page.locator("#staff-rows tr")
    assert rows.count() == 2
    rows.nth(0).locator("select[name='staff-education']").select_option("master")
    rows.nth(1).locator("input[name='staff-years_of_service']").fill("9")
    page.click("[data-add-row='staff-template']")
    page.locator("#staff-rows tr").nth(2).locator("[data-remove-row]").click()
    assert page.locator("#staff-rows tr").count() == 2
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    assert "不符合申报条件" in page.inner_text("#verdict")  # two people are not six
    assert page.locator("#checks tbody tr").count() == 27
    staff_row = page.locator("tr[data-check='full_time_staff']")
    assert "不通过" in staff_row.inner_text() and "第七条第（四）项" in staff_row.inner_text()
    assert "通过" in page.locator("tr[data-check='site_area']").inner_text()
    assert page.locator("#staff-rows tr").count() == 2  # the roster is kept for correcting
    assert page.locator("[data-print]").is_visible()
    shot(page, "rules-self-check")
    assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors


def test_self_check_shows_the_field_error(live_server, page):  # noqa: F811
    page.goto(f"{live_server.url}/eligibility/")
    page.fill("#f-as_of", "2026-03-01")
    page.fill("#f-site-area_m2", "两千")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "不是十进制数" in page.inner_text("body")
    shot(page, "rules-self-check-error")
