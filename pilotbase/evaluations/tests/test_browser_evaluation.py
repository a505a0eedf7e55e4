"""One evaluation walks from campaign to filed result through the pages, each person signing in in
turn (Art. 9): the bureau opens a campaign, the base fills its self-evaluation and uploads its
evidence, the recommending unit writes the authenticity opinion and forwards it, the bureau grades it
and publishes the results for 5 working days, and once the notice has run out files the result with
a document number; the base is active again and its timeline tells the story."""

from __future__ import annotations

from datetime import date

import pytest

from pilotbase.tests_browser.conftest import (  # noqa: F401
    browser,
    failed_subresource,
    page,
    quiet_shot,
    shot,
    signed_in_page,
    tiny_pdf,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE_NAME = "阿拉尔棉籽蛋白中试基地"
FIGURES = {
    "pilot_projects": "12",
    "services_delivered": "40",
    "enterprises_served": "18",
    "open_sharing_hours": "2600",
    "incubated_enterprises": "3",
    "revenue_yuan": "1250000.50",
    "staff": "26",
}


def _as(browser, live_server, user):  # noqa: F811
    return signed_in_page(browser, live_server, user, failed_response=failed_subresource)


_shot = quiet_shot


def _done(pg, expect: str) -> str:
    pg.wait_for_load_state("networkidle")
    body = pg.inner_text("body")
    assert expect in body, (pg.url, body[:1500])
    return body


def _leave(pg) -> None:
    assert pg.console_errors == [], pg.console_errors
    pg.context.close()


def test_evaluation_walks_from_campaign_to_filed_result(live_server, browser, settings, tmp_path):  # noqa: F811
    from pilotbase.accounts import demo as accounts_demo
    from pilotbase.bases.models import PilotBase
    from pilotbase.evaluations.fixtures import make_base
    from pilotbase.evaluations.models import Evaluation

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PILOTBASE_TODAY = "2026-03-02"  # a Monday: the 5-working-day notice runs to Friday 6 March
    world: dict = {}
    accounts_demo.build(world)
    people = world["people"]
    base = make_base(people["applicant_b"].organisation, name=BASE_NAME, filed_on=date(2023, 2, 28))
    pdf = tmp_path / "服务台账.pdf"
    pdf.write_bytes(tiny_pdf())

    # --- the bureau opens a campaign: the base filed three years ago is listed as due ------------
    pg = _as(browser, live_server, people["officer"])
    pg.goto(f"{live_server.url}/evaluations/")
    pg.click("a:has-text('启动绩效评价')")
    body = _done(pg, BASE_NAME)
    assert "2026-02-28" in body  # due on its third anniversary
    pg.fill("#report_deadline", "2026-04-30")
    pg.fill("#notice_text", "请各中试基地于4月30日前提交自评报告及佐证材料。")
    _shot(pg, "evaluation-01-campaign-new")
    pg.click("button:has-text('启动评价并通知基地')")
    _done(pg, "已启动绩效评价，列入 1 个基地")
    _shot(pg, "evaluation-02-campaign")
    campaign_url = pg.url
    officer = pg  # stays signed in: a TOTP code is accepted once, so no second sign-in in one step
    ev = Evaluation.objects.get(base=base)
    base.refresh_from_db()
    assert base.status == PilotBase.Status.UNDER_EVALUATION

    # --- the base uploads its evidence and submits its self-evaluation -------------------------
    pg = _as(browser, live_server, people["applicant_b"])
    pg.click("a:has-text('待提交的绩效自评报告')")
    pg.wait_for_load_state("networkidle")
    pg.click("a:has-text('2026年度中试基地绩效评价')")
    pg.wait_for_load_state("networkidle")
    pg.click(f"a:has-text('{BASE_NAME}')")
    _done(pg, "自评指标")
    pg.set_input_files("input[name=evidence]", str(pdf))
    pg.click("button:has-text('上传佐证材料')")
    _done(pg, "佐证材料已上传")
    assert "服务台账.pdf" in pg.inner_text("body")
    for key, value in FIGURES.items():
        pg.fill(f"#{key}", value)
    pg.fill("#self_report", "三年来完成中试项目12项，服务企业18家，设备开放共享2600小时。")
    _shot(pg, "evaluation-03-self-evaluation")
    # an impossible value is refused in the page and nothing is lost
    pg.fill("#staff", "-2")
    pg.click("button:has-text('提交推荐单位审核')")
    body = _done(pg, "不能为负数")
    assert pg.input_value("#self_report").startswith("三年来")
    _shot(pg, "evaluation-04-self-evaluation-refused")
    pg.fill("#staff", FIGURES["staff"])
    pg.click("button:has-text('提交推荐单位审核')")
    _done(pg, "自评报告已提交推荐单位")
    _shot(pg, "evaluation-05-submitted")
    _leave(pg)

    # --- the recommending unit writes the authenticity opinion and forwards it -------------------
    pg = _as(browser, live_server, people["reviewer_div1"])
    pg.goto(f"{live_server.url}{ev.get_absolute_url()}")
    _done(pg, "1250000.50")
    pg.fill("#authenticity_opinion", "经核查服务台账和财务凭证，自评材料真实。")
    _shot(pg, "evaluation-06-authenticity")
    pg.click("button:has-text('审核并报送科技局')")
    _done(pg, "真实性审核意见已报送兵团科技局")
    _leave(pg)

    # --- the bureau grades and publishes the results for 5 working days ------------------------
    pg = officer
    pg.goto(f"{live_server.url}{ev.get_absolute_url()}")
    pg.select_option("#grade", "excellent")
    pg.fill("#review_opinion", "各项指标完成良好，开放共享成效突出。")
    _shot(pg, "evaluation-07-grade")
    pg.click("button:has-text('评定等次')")
    _done(pg, "评价等次已评定")
    pg.goto(campaign_url)
    pg.click("button:has-text('公示已评定的结果')")
    _done(pg, "评价结果已公示")
    _shot(pg, "evaluation-08-on-notice")
    pg.goto(f"{live_server.url}{ev.get_absolute_url()}")
    body = _done(pg, "结果公示中")
    assert "2026年3月6日" in body  # five working days from Monday 2 March
    # filing before the notice ends is refused with the date it ends
    pg.fill("[name=document_number]", "兵科发〔2026〕21号")
    pg.click("button:has-text('公示期满，备案结果')")
    _done(pg, "期满后方可备案")

    # --- the public sees the notice -------------------------------------------------------------
    ev.refresh_from_db()
    anon = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860}).new_page()
    anon.goto(f"{live_server.url}{ev.notice.get_absolute_url()}")
    shot(anon, "evaluation-09-public-notice")
    public = anon.inner_text("body")
    assert BASE_NAME in public and "优秀" in public, public
    anon.context.close()

    # --- time moves past the notice end; the bureau files the result ---------------------------
    settings.PILOTBASE_TODAY = "2026-03-09"
    pg = officer
    pg.goto(f"{live_server.url}{ev.get_absolute_url()}")
    pg.fill("[name=document_number]", "兵科发[2026]21号")
    pg.click("button:has-text('公示期满，备案结果')")
    _done(pg, "发文字号格式应为")
    pg.fill("[name=document_number]", "兵科发〔2026〕21号")
    pg.click("button:has-text('公示期满，备案结果')")
    body = _done(pg, "评价结果已备案")
    assert "兵科发〔2026〕21号" in body
    _shot(pg, "evaluation-10-filed")
    pg.click("a:has-text('基地档案')")
    body = _done(pg, "基地时间线")
    for step in ("列入绩效评价", "提交自评报告", "真实性审核意见", "评定等次", "评价结果备案"):
        assert step in body, step
    _shot(pg, "evaluation-11-base-record")
    _leave(pg)

    ev.refresh_from_db()
    base.refresh_from_db()
    assert (ev.status, ev.grade, ev.result_document_number) == ("filed", "excellent", "兵科发〔2026〕21号")
    assert base.status == PilotBase.Status.ACTIVE
    assert ev.evidence.get().original_name == "服务台账.pdf"
