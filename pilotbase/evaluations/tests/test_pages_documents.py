"""Pages around rectification and revocation: the re-evaluation is started from the page, and the
bureau's official documents are linked where the documents app serves them — to officers only."""

from __future__ import annotations

import re
from datetime import date

from pilotbase.bases import lifecycle
from pilotbase.evaluations import services
from pilotbase.evaluations.models import Evaluation

from .test_evaluations import graded_and_filed, open_campaign, walk_to_forwarded

E = Evaluation.Status


def _links(html: str, kind: str) -> list[str]:
    return re.findall(rf'href="(/documents/{kind}/\d+\.pdf)"', html)


def _is_pdf(client, url: str) -> bool:
    response = client.get(url)
    return (
        response.status_code == 200
        and response["Content-Type"] == "application/pdf"
        and (response.content.startswith(b"%PDF"))
    )


def test_results_notice_linked_once_a_result_is_filed(client, login, world, base_div1, settings):
    settings.PILOTBASE_TODAY = "2026-04-01"
    login(world.officer)
    campaign = open_campaign(world)
    ev = walk_to_forwarded(world, campaign.evaluations.get())
    services.set_grade(ev, grade="qualified", opinion="各项指标达到要求。", by=world.officer)
    services.publish_results(campaign, starts_on=date(2026, 4, 1), by=world.officer)
    # on notice: not yet a results document
    assert _links(client.get(campaign.get_absolute_url()).content.decode(), "evaluation_results_notice") == []
    settings.PILOTBASE_TODAY = "2026-04-09"
    services.file_result(ev, document_number="兵科发〔2026〕21号", by=world.officer)
    links = _links(client.get(ev.campaign.get_absolute_url()).content.decode(), "evaluation_results_notice")
    assert len(links) == 1 and _is_pdf(client, links[0])
    login(world.applicant_b)
    page = client.get(ev.campaign.get_absolute_url()).content.decode()
    assert "evaluation_results_notice" not in page
    assert client.get(links[0]).status_code == 404


def test_rectification_notice_and_reevaluation_from_the_page(client, login, world, base_div1, settings):
    ev = graded_and_filed(world, settings, "unqualified")
    rect = ev.rectification
    login(world.officer)
    for url in (ev.get_absolute_url(), f"/bases/{base_div1.pk}/"):
        links = _links(client.get(url).content.decode(), "rectification_notice")
        assert links == [f"/documents/rectification_notice/{rect.pk}.pdf"], url
    assert _is_pdf(client, links[0])
    assert "启动整改后复评" not in client.get(ev.get_absolute_url()).content.decode()  # no report yet
    services.submit_rectification(rect, report="整改报告：已完成全部整改。", by=world.applicant_b)
    page = client.get(ev.get_absolute_url()).content.decode()
    assert "启动整改后复评" in page
    bad = client.post(
        ev.get_absolute_url(), {"action": "start_reevaluation", "report_deadline": "2026-04-01"}
    )
    assert bad.status_code == 422 and "复评自评报告截止日应晚于今天" in bad.content.decode()
    ok = client.post(ev.get_absolute_url(), {"action": "start_reevaluation", "report_deadline": "2026-06-30"})
    assert ok.status_code == 302
    rect.refresh_from_db()
    again = rect.reevaluation
    assert again.is_reevaluation and again.status == E.AWAITING_REPORT
    assert again.get_absolute_url() in client.get(ev.get_absolute_url()).content.decode()
    # the base fills the re-evaluation as it filled the first: indicators through the same page
    login(world.applicant_b)
    page = client.get(again.get_absolute_url()).content.decode()
    assert "整改后复评" in page and 'name="pilot_projects"' in page and 'name="evidence"' in page
    assert "rectification_notice" not in client.get(ev.get_absolute_url()).content.decode()


def test_revocation_decision_linked_for_officers(client, login, world, base_div1):
    revocation = lifecycle.revoke(
        base_div1,
        reason="withdrawal_requested",
        document_number="兵科发〔2026〕40号",
        evidence="基地建设运营单位书面申请取消备案。",
        by=world.officer,
        decided_on=date(2026, 3, 2),
    )
    login(world.officer)
    links = _links(client.get(f"/bases/{base_div1.pk}/").content.decode(), "revocation_decision")
    assert links == [f"/documents/revocation_decision/{revocation.pk}.pdf"]
    assert _is_pdf(client, links[0])
    assert "理由：基地主动申请取消" in client.get(f"/bases/{base_div1.pk}/").content.decode()  # timeline
    login(world.applicant_b)
    assert "revocation_decision" not in client.get(f"/bases/{base_div1.pk}/").content.decode()
