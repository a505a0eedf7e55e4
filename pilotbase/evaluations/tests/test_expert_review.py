"""Art. 9(二): the bureau has experts review a forwarded evaluation's materials and may visit the site.
Persona by persona: the invited expert sees and scores; an uninvited or conflicted expert gets a 404;
the base never sees experts' names or scores; the officer sees the aggregate and grades."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pilotbase.accounts.demo import DEMO_PASSWORD
from pilotbase.accounts.services import InvalidInput
from pilotbase.evaluations import expert_review, services
from pilotbase.evaluations.demo import _performance_rubric
from pilotbase.evaluations.models import Evaluation, EvaluationExpertReview
from pilotbase.experts.models import Expert, ExpertAffiliation

from .test_evaluations import open_campaign, walk_to_forwarded

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GOOD = {"score_operation": "16", "score_service": "30", "score_sharing": "20", "score_authenticity": "18"}


def sign_in(login, user) -> Client:
    c = Client()
    if user.totpdevice_set.exists():
        return login(user, c=c)
    response = c.post("/accounts/login/", {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]
    return c


@pytest.fixture
def forwarded(world, base_div1, settings):
    settings.PILOTBASE_TODAY = "2026-03-02"
    _performance_rubric(world.officer)
    ev = open_campaign(world).evaluations.get(base=base_div1)
    services.add_evidence(ev, upload=SimpleUploadedFile("服务台账.pdf", PDF), by=world.applicant_b)
    walk_to_forwarded(world, ev)
    world.tech = Expert.objects.create(
        user=world.expert_tech, name="刘振宇", organisation_name="石河子大学", types=["technical"]
    )
    world.fin = Expert.objects.create(
        user=world.expert_fin, name="何建军", organisation_name="兵团财经研究所", types=["financial"]
    )
    # worked for the base's operating organisation until last year: must step aside
    world.mgmt = Expert.objects.create(
        user=world.expert_mgmt, name="马丽娟", organisation_name="某咨询公司", types=["management"]
    )
    ExpertAffiliation.objects.create(
        expert=world.mgmt,
        organisation_name=base_div1.organisation.name,
        start=date(2018, 1, 1),
        end=date(2025, 6, 30),
    )
    return ev


def test_officer_cannot_invite_nobody_or_a_conflicted_expert(world, forwarded):
    with pytest.raises(InvalidInput) as exc:
        expert_review.send_to_experts(forwarded, expert_ids=[], by=world.officer)
    assert exc.value.field == "experts" and "至少选择一位" in exc.value.message
    with pytest.raises(InvalidInput) as exc:
        expert_review.send_to_experts(forwarded, expert_ids=[world.tech.pk, world.mgmt.pk], by=world.officer)
    assert "马丽娟" in exc.value.message and "离职未满三年" in exc.value.message
    assert not EvaluationExpertReview.objects.exists()  # all or nothing


def test_invited_expert_sees_and_scores_others_get_404(
    world, forwarded, login, django_assert_max_num_queries
):
    reviews = expert_review.send_to_experts(forwarded, expert_ids=[world.tech.pk], by=world.officer)
    review = reviews[0]
    tech = sign_in(login, world.expert_tech)
    with django_assert_max_num_queries(15):
        listing = tech.get("/evaluations/expert-reviews/")
    assert forwarded.base.name in listing.content.decode()
    page = tech.get(f"/evaluations/expert-reviews/{review.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and "本基地三年来完成中试项目十二项" in body and "服务台账.pdf" in body
    evidence = forwarded.evidence.get()
    download = tech.get(f"/evaluations/expert-reviews/{review.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200
    # the expert does not get the evaluation page itself
    assert tech.get(forwarded.get_absolute_url()).status_code == 404

    bad = tech.post(
        f"/evaluations/expert-reviews/{review.pk}/", {**GOOD, "score_service": "36", "opinion": "好"}
    )
    assert (
        bad.status_code == 422
        and "中试服务能力与成效" in bad.content.decode()
        and "超出范围" in bad.content.decode()
    )
    ok = tech.post(
        f"/evaluations/expert-reviews/{review.pk}/", {**GOOD, "opinion": "运行规范，服务成效明显。"}
    )
    assert ok.status_code == 302
    review.refresh_from_db()
    assert review.status == "submitted" and str(review.total) == "84.000"

    fin = sign_in(login, world.expert_fin)  # in the pool, not invited
    assert fin.get(f"/evaluations/expert-reviews/{review.pk}/").status_code == 404
    assert fin.get(f"/evaluations/expert-reviews/{review.pk}/evidence/{evidence.pk}/").status_code == 404
    assert forwarded.base.name not in fin.get("/evaluations/expert-reviews/").content.decode()
    assert fin.post(f"/evaluations/expert-reviews/{review.pk}/", {**GOOD, "opinion": "x"}).status_code == 404


def test_conflict_found_after_invitation_hides_the_review(world, forwarded, login):
    review = expert_review.send_to_experts(forwarded, expert_ids=[world.tech.pk], by=world.officer)[0]
    ExpertAffiliation.objects.create(
        expert=world.tech,
        organisation_name=forwarded.base.organisation.name,
        relation=ExpertAffiliation.Relation.COLLABORATION,
        note="共同承担科研项目",
    )
    tech = sign_in(login, world.expert_tech)
    assert tech.get(f"/evaluations/expert-reviews/{review.pk}/").status_code == 404
    assert forwarded.base.name not in tech.get("/evaluations/expert-reviews/").content.decode()


def test_score_out_of_range_names_the_criterion(world, forwarded):
    review = expert_review.send_to_experts(forwarded, expert_ids=[world.tech.pk], by=world.officer)[0]
    scores = {k[6:]: v for k, v in GOOD.items()}
    with pytest.raises(InvalidInput) as exc:
        expert_review.submit_review(
            review, scores={**scores, "operation": "21"}, opinion="意见", by=world.expert_tech
        )
    assert exc.value.field == "scores.operation" and "运行管理与制度建设" in exc.value.message
    with pytest.raises(InvalidInput) as exc:
        expert_review.submit_review(
            review, scores={**scores, "sharing": None}, opinion="意见", by=world.expert_tech
        )
    assert exc.value.field == "scores.sharing"


def test_officer_sees_the_aggregate_applicant_sees_no_expert(world, forwarded, login):
    reviews = expert_review.send_to_experts(
        forwarded, expert_ids=[world.tech.pk, world.fin.pk], by=world.officer
    )
    reviews = sorted(reviews, key=lambda r: r.expert_id != world.tech.pk)  # tech's first
    scores = {k[6:]: v for k, v in GOOD.items()}
    expert_review.submit_review(reviews[0], scores=scores, opinion="服务成效明显。", by=world.expert_tech)
    expert_review.submit_review(
        reviews[1], scores={**scores, "authenticity": "6"}, opinion="收入数据待核实。", by=world.expert_fin
    )
    p = expert_review.panel(forwarded)
    assert p["figures"]["count"] == 2 and p["figures"]["mean"] == "78.00" and p["figures"]["blocked"]

    officer = login(world.officer)
    body = officer.get(forwarded.get_absolute_url()).content.decode()
    assert "刘振宇" in body and "平均分 78.00" in body and "否决线" in body
    done = officer.post(
        forwarded.get_absolute_url(),
        {"action": "grade", "grade": "qualified", "review_opinion": "参考专家意见，评定为合格。"},
    )
    assert done.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.status == Evaluation.Status.GRADED
    # once graded, the expert's review is closed
    tech = sign_in(login, world.expert_tech)
    assert tech.get(f"/evaluations/expert-reviews/{reviews[0].pk}/").status_code == 404

    applicant = sign_in(login, world.applicant_b)
    body = applicant.get(forwarded.get_absolute_url()).content.decode()
    assert "刘振宇" not in body and "何建军" not in body and "84.000" not in body and "平均分" not in body
    base_page = applicant.get(f"/bases/{forwarded.base.pk}/").content.decode()
    assert "刘振宇" not in base_page and "何建军" not in base_page


def test_site_visit_officer_only_shown_on_page_and_timeline(world, forwarded, login):
    applicant = sign_in(login, world.applicant_b)
    refused = applicant.post(
        forwarded.get_absolute_url(),
        {"action": "site_visit", "visited_on": "2026-03-01", "members": "张三", "findings": "设备运行正常。"},
    )
    assert refused.status_code in (403, 404)
    officer = login(world.officer)
    bad = officer.post(
        forwarded.get_absolute_url(),
        {
            "action": "site_visit",
            "visited_on": "2026-03-01",
            "members": "张三、李四",
            "findings": "设备运行正常。",
        },
    )
    assert bad.status_code == 422 and "核查纪要" in bad.content.decode()
    ok = officer.post(
        forwarded.get_absolute_url(),
        {
            "action": "site_visit",
            "visited_on": "2026-03-01",
            "members": "张三、李四",
            "findings": "设备运行正常，台账与自评一致。",
            "minutes": SimpleUploadedFile("核查纪要.pdf", PDF),
        },
    )
    assert ok.status_code == 302
    visit = forwarded.site_visits.get()
    body = officer.get(forwarded.get_absolute_url()).content.decode()
    assert "台账与自评一致" in body and "核查纪要.pdf" in body and "现场核查" in body
    assert officer.get(f"/evaluations/{forwarded.pk}/site-visits/{visit.pk}/").status_code == 200
    body = applicant.get(forwarded.get_absolute_url()).content.decode()
    assert "台账与自评一致" in body and "张三、李四" not in body
    assert applicant.get(f"/evaluations/{forwarded.pk}/site-visits/{visit.pk}/").status_code == 404


def test_officer_form_shows_conflicts_and_refuses_them(world, forwarded, login):
    officer = login(world.officer)
    body = officer.get(forwarded.get_absolute_url()).content.decode()
    assert "邀请专家审核" in body and "须回避" in body
    refused = officer.post(forwarded.get_absolute_url(), {"action": "experts", "experts": [world.mgmt.pk]})
    assert refused.status_code == 422 and "马丽娟须回避" in refused.content.decode()
    none = officer.post(forwarded.get_absolute_url(), {"action": "experts"})
    assert none.status_code == 422 and "至少选择一位专家" in none.content.decode()
    ok = officer.post(forwarded.get_absolute_url(), {"action": "experts", "experts": [world.tech.pk]})
    assert ok.status_code == 302
    assert list(forwarded.expert_reviews.values_list("expert__name", flat=True)) == ["刘振宇"]
    assert "组织专家审核评价材料" in officer.get(forwarded.get_absolute_url()).content.decode()
