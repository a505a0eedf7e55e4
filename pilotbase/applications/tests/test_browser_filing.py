"""One application walks from draft to filed through the pages, each person signing in in turn:
the applicant fills the form and uploads real files, the recommending unit recommends, the bureau
reviews, records the experts' opinion, selects, puts the batch on notice and, once the notice has
run out, files it; the base then has its filing number in the public directory."""

from __future__ import annotations

import pytest

from pilotbase.tests_browser.conftest import (  # noqa: F401
    browser,
    page,
    quiet_shot,
    shot,
    signed_in_page,
    tiny_pdf,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE_NAME = "天业盐碱地节水滴灌中试基地"


def _as(browser, live_server, user):  # noqa: F811
    return signed_in_page(browser, live_server, user)


_shot = quiet_shot


def _save_step(pg):
    """Click "保存并下一步" straight after typing, as people do: the autosave that the last change
    fires and the save share the form's queue, so the save carries the version the autosave
    returned and is neither refused as stale nor run beside it."""
    with pg.expect_navigation():
        pg.click("button:has-text('保存并下一步')")
    pg.wait_for_load_state("networkidle")
    body = pg.inner_text("body")
    assert "已保存" in body and "未能保存" not in body and "其他窗口" not in body, (pg.url, body[:1500])


def _fill_rows(pg, name: str, rows: list[dict]):
    for _ in rows:
        pg.click(f"[data-add-row='tpl-{name}']")
    trs = pg.locator(f"#rows-{name} tr")
    for i, row in enumerate(rows):
        tr = trs.nth(i)
        for key, value in row.items():
            field = tr.locator(f"[name='{name}.{key}']")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(str(value))


def test_application_walks_from_draft_to_filed(live_server, browser, settings, tmp_path):  # noqa: F811
    from pilotbase.accounts import demo as accounts_demo
    from pilotbase.applications import demo as applications_demo
    from pilotbase.applications.models import Application
    from pilotbase.bases.models import PilotBase

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PILOTBASE_TODAY = "2026-03-02"  # a Monday: the notice runs to Friday 6 March
    world: dict = {}
    accounts_demo.build(world)
    people = world["people"]
    call = applications_demo.open_call(people["officer"])
    pdf = tmp_path / "证明材料.pdf"
    pdf.write_bytes(tiny_pdf())

    # --- the applicant (division 8) fills the form step by step --------------------------------
    pg = _as(browser, live_server, people["applicant_a"])
    pg.goto(f"{live_server.url}/applications/calls/{call.pk}/")
    pg.click("button:has-text('开始填报申报书')")
    pg.wait_for_load_state("networkidle")
    pg.fill("[name='app.name']", BASE_NAME)
    pg.fill("[name='app.description']", "面向兵团节水灌溉产业提供滴灌带工艺放大和小批量试制服务。")
    pg.select_option("[name='app.platform_basis']", "engineering_research_centre")
    pg.select_option("[name='app.platform_corps_level']", "1")
    pg.fill("[name='app.co_builders']", "石河子大学")
    pg.fill("[name='app.service_list']", "工艺放大熟化\n小批量试生产\n产品性能检测")
    pg.locator("[name='industry.chains']").first.check()
    pg.select_option("[name='applicant.via_host_unit']", "0")
    _shot(pg, "filing-01-basic")
    _save_step(pg)

    yes = [
        "applicant.independent_legal_person",
        "applicant.operating_normally",
        "site.independent",
        "equipment.pilot_line",
        "equipment.process_qc",
        "equipment.product_testing",
        "team.technical_leader",
        "team.fixed_rd_team",
        "management.service_procedure_and_fees",
        "management.ip_protection_measures",
        "openness.open_sharing",
        "openness.service_list_published",
    ]
    for name in yes:
        pg.select_option(f"[name='{name}']", "1")
    for name in ("applicant.credit_blacklisted", "ethics.ethics_sensitive", "ethics.ethics_committee"):
        pg.select_option(f"[name='{name}']", "0")
    pg.fill("[name='applicant.registered_on']", "2015-06-18")
    pg.fill("[name='site.area_m2']", "2600")
    pg.locator("[name='pilot_lines']").nth(0).check()
    pg.locator("[name='pilot_lines']").nth(1).check()
    pg.locator("[name='ethics.fields']").first.check()
    _fill_rows(
        pg,
        "equipment",
        [
            {"name": "滴灌带中试生产线", "original_value_yuan": "5000000"},
            {"name": "在线质量检测系统", "original_value_yuan": "1800000"},
        ],
    )
    _fill_rows(
        pg,
        "external_projects",
        [{"name": f"对外中试项目{i}", "client": "合作企业", "year": "2025"} for i in range(3)],
    )
    _shot(pg, "filing-02-conditions")
    _save_step(pg)

    _fill_rows(
        pg,
        "staff",
        [
            {
                "name": f"研发人员{i}",
                "full_time": "1",
                "technical": "1" if i < 5 else "0",
                "education": "master" if i < 4 else "bachelor",
                "title": "intermediate",
                "years_of_service": str(6 + i),
            }
            for i in range(7)
        ],
    )
    _shot(pg, "filing-03-staff")
    _save_step(pg)

    pg.select_option("[name='safety.facilities']", "1")
    pg.select_option("[name='safety.standards_compliant']", "1")
    _save_step(pg)

    # Materials: every required kind, a real PDF each time; the form says what is still missing.
    assert "尚缺" in pg.inner_text("body")
    kinds = pg.locator("#id_kind option").evaluate_all("os => os.map(o => o.value)")
    for kind in kinds:
        if kind == "other":
            continue
        pg.select_option("#id_kind", kind)
        pg.set_input_files("#id_file", str(pdf))
        pg.click("button:has-text('上传')")
        pg.wait_for_load_state("networkidle")
        assert "材料已上传" in pg.inner_text("body"), pg.inner_text("body")[:500]
    assert "必需材料已齐全" in pg.inner_text("body")
    _shot(pg, "filing-04-materials")

    pg.click("text=下一步：核对与提交")
    pg.wait_for_load_state("networkidle")
    assert "各项自动判断均符合" in pg.inner_text("#checklist")
    pg.check("#pledge")
    _shot(pg, "filing-05-pledge")
    pg.click("button:has-text('签署承诺并提交')")
    pg.wait_for_load_state("networkidle")
    assert "已提交，推荐单位初审中" in pg.inner_text("#status")
    _shot(pg, "filing-06-submitted")
    application = Application.objects.get(name=BASE_NAME)
    detail = f"{live_server.url}{application.get_absolute_url()}"
    assert not [e for e in pg.console_errors if "Content Security Policy" in e], pg.console_errors
    pg.context.close()

    # --- the recommending unit of division 8 recommends ----------------------------------------
    pg = _as(browser, live_server, people["reviewer_div8"])
    pg.goto(detail)
    pg.fill("#opinion", "材料齐全，符合申报条件，同意推荐。")
    _shot(pg, "filing-07-recommend")
    pg.click("button:has-text('推荐')")
    pg.wait_for_load_state("networkidle")
    assert "已推荐" in pg.inner_text("body")
    pg.context.close()

    # --- the bureau: formal review, experts, selection, notice ---------------------------------
    pg = _as(browser, live_server, people["officer"])
    pg.goto(detail)
    pg.click("button:has-text('开始形式审查')")
    pg.wait_for_load_state("networkidle")
    assert "形式审查中" in pg.inner_text("#status")
    # Confirm every check the rules leave to a person, with a reason.
    while True:
        row = pg.locator("#checklist tr.pb-check-manual:not(:has(.badge:has-text('核定符合')))").first
        if row.count() == 0:
            break
        row.locator("[name='reason']").fill("经材料审查，符合要求")
        row.locator("button:has-text('核定')").click()
        pg.wait_for_load_state("networkidle")
    _shot(pg, "filing-08-formal-review")
    pg.fill("#fr-opinion", "材料齐全，条件符合，提交专家评估论证。")
    pg.click("button:has-text('提交专家评估论证')")
    pg.wait_for_load_state("networkidle")
    assert "专家评估论证中" in pg.inner_text("#status"), pg.inner_text("body")[:800]
    pg.fill("#id_score", "88.5")
    pg.fill("#id_opinion", "专家组认为该基地条件完备，同意备案。")
    _shot(pg, "filing-09-expert-opinion")
    pg.click("button:has-text('登记'):not(:has-text('现场'))")
    pg.wait_for_load_state("networkidle")
    assert "评估论证完成" in pg.inner_text("#status")

    pg.goto(f"{live_server.url}/applications/batches/")
    pg.fill("[name='name']", "2026年第一批")
    pg.click("button:has-text('新建批次')")
    pg.wait_for_load_state("networkidle")
    assert BASE_NAME in pg.inner_text("table")
    _shot(pg, "filing-10-selection")
    pg.click("button:has-text('确认择优结果')")
    pg.wait_for_load_state("networkidle")
    assert "已完成择优遴选" in pg.inner_text("body")
    pg.fill("#starts_on", "2026-03-02")
    pg.click("button:has-text('在门户网站公示')")
    pg.wait_for_load_state("networkidle")
    body = pg.inner_text("body")
    assert "已发布公示" in body and "2026年3月6日" in body, body[:800]
    assert "暂不能发文备案" in body
    _shot(pg, "filing-11-on-notice")

    # --- the notice runs out; the bureau files the batch ---------------------------------------
    settings.PILOTBASE_TODAY = "2026-03-09"
    pg.reload()
    assert "暂不能发文备案" not in pg.inner_text("body")
    pg.fill("#document_number", "兵科发〔2026〕18号")
    pg.click("button:has-text('发文正式备案')")
    pg.wait_for_load_state("networkidle")
    assert "已发文正式备案 1 个中试基地" in pg.inner_text("body")
    _shot(pg, "filing-12-filed")

    base = PilotBase.objects.get(source_application=application)
    assert base.filing_number == "BTZS-2026-001"
    assert str(base.filed_on) == "2026-03-09"
    pg.goto(detail)
    assert f"已备案：{base.filing_number}" in pg.inner_text("body")
    assert "已备案" in pg.inner_text("#status")
    _shot(pg, "filing-13-application-filed")
    assert not [e for e in pg.console_errors if "Content Security Policy" in e], pg.console_errors
    pg.context.close()

    # --- anyone sees it in the public directory --------------------------------------------------
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    pub = ctx.new_page()
    pub.goto(f"{live_server.url}/directory/")
    assert BASE_NAME in pub.inner_text("body")
    shot(pub, "filing-14-directory")
    pub.goto(f"{live_server.url}/directory/{base.filing_number}/")
    assert base.filing_number in pub.inner_text("body")
    ctx.close()
