"""A panel through the pages, each person signing in in turn: the bureau solves an assignment
round, pins the three expert personas and saves it; each invited expert accepts with a
no-conflict declaration and scores; the bureau reads the aggregate and records the panel's
consolidated opinion, and the application moves on from expert evaluation."""

from __future__ import annotations

import re

import pytest

from pilotbase.tests_browser.conftest import (  # noqa: F401
    browser,
    page,
    quiet_shot,
    server_error,
    signed_in_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORES = {
    "expert_tech": {"technology": "26", "capacity": "21", "team": "12", "management": "12", "finance": "12"},
    "expert_mgmt": {"technology": "24", "capacity": "20", "team": "13", "management": "11", "finance": "11"},
    "expert_fin": {"technology": "25", "capacity": "22", "team": "12", "management": "10", "finance": "13"},
}


def _as(browser, live_server, user):  # noqa: F811
    return signed_in_page(browser, live_server, user, failed_response=server_error)


_shot = quiet_shot


def test_panel_is_assigned_accepted_scored_and_consolidated(live_server, browser):  # noqa: F811
    from pilotbase.accounts import demo as accounts_demo
    from pilotbase.applications import demo as applications_demo
    from pilotbase.applications.models import Application
    from pilotbase.experts import demo as experts_demo
    from pilotbase.experts.models import Expert, Invitation, Review

    world: dict = {}
    accounts_demo.build(world)
    applications_demo.build(world)
    experts_demo.build_pool(world)
    people = world["people"]
    application = Application.objects.get(status=Application.Status.EXPERT_EVALUATION)
    personas = {u: Expert.objects.get(user=people[u]) for u in SCORES}

    # The bureau: a round for the application, panels of three, the personas pinned, saved.
    officer = _as(browser, live_server, people["officer"])
    officer.goto(f"{live_server.url}/experts/rounds/new/")
    for other in officer.locator("input[name=applications]").all():
        if other.get_attribute("value") != str(application.pk):
            other.uncheck()
    officer.fill("#id_panel_size", "3")
    officer.fill("#id_load_cap", "3")
    _shot(officer, "experts-01-round-new")
    officer.click("text=求解分配方案")
    officer.wait_for_load_state("networkidle")
    assert re.search(r"/experts/rounds/\d+/$", officer.url), officer.url
    assert "已找到最优方案" in officer.content()
    _shot(officer, "experts-02-round-solved")
    for expert in personas.values():
        panel = officer.locator(
            "div.border", has=officer.locator(f"a[href='/experts/panels/{application.pk}/']")
        )
        panel.locator("select[name=expert]").select_option(str(expert.pk))
        panel.locator("button", has_text="指定该专家").click()
        officer.wait_for_load_state("networkidle")
        assert "已找到" in officer.content()
    text = officer.content()
    assert all(e.name in text for e in personas.values())
    assert text.count("已指定") == 3
    _shot(officer, "experts-03-round-pinned")
    officer.click("text=保存并发出邀请")
    officer.wait_for_load_state("networkidle")
    assert "已向 3 人次发出评审邀请" in officer.content()
    invited = Invitation.objects.filter(application=application, status=Invitation.Status.INVITED)
    assert {i.expert_id for i in invited} == {e.pk for e in personas.values()}

    # Each expert: the workspace, the invitation, the declaration, the scores and the opinion.
    for username, scores in SCORES.items():
        pg = _as(browser, live_server, people[username])
        pg.goto(f"{live_server.url}/experts/workspace/")
        assert application.name in pg.content()
        pg.click(f"text={application.name}")
        pg.wait_for_load_state("networkidle")
        if username == "expert_tech":
            _shot(pg, "experts-04-invitation")
            # accepting without the declaration is refused, in the page
            pg.click("button[value=accept]")
            pg.wait_for_load_state("networkidle")
            assert "请勾选无回避情形声明" in pg.content()
        pg.check("#no_conflict")
        pg.click("button[value=accept]")
        pg.wait_for_load_state("networkidle")
        assert "已接受邀请" in pg.content()
        for code, value in scores.items():
            pg.fill(f"#s_{code}", value)
        pg.fill("#opinion", f"{people[username]}：技术路线清晰，中试条件基本具备，建议通过。")
        if username == "expert_tech":
            _shot(pg, "experts-05-scoring")
        pg.click("text=提交评分")
        pg.wait_for_load_state("networkidle")
        assert "评分和评审意见已提交" in pg.content()
        if username == "expert_fin":
            _shot(pg, "experts-06-scored")
        assert pg.console_errors == [], pg.console_errors
        pg.context.close()
    assert Review.objects.filter(invitation__application=application).count() == 3

    # The bureau: the aggregate, then the consolidated opinion into the filing workflow.
    officer.goto(f"{live_server.url}/experts/panels/{application.pk}/")
    text = officer.content()
    assert "已评分人数" in text and "不足 5 份评分" in text
    assert all(e.name in text for e in personas.values())
    _shot(officer, "experts-07-aggregate")
    officer.fill("#id_score", "84.5")
    officer.fill("#id_opinion", "专家组认为该基地技术先进、条件具备，同意通过评估论证。")
    officer.click("text=登记到申报")
    officer.wait_for_load_state("networkidle")
    _shot(officer, "experts-08-application-after")
    application.refresh_from_db()
    assert application.status != Application.Status.EXPERT_EVALUATION
    assert str(application.consolidated_score) in ("84.5", "84.50")
    assert officer.console_errors == [], officer.console_errors
    officer.context.close()
