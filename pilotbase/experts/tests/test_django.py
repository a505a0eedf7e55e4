"""Expert review through the interface, around personas: who sees what, import, assignment,
scoring and the consolidated opinion reaching the filing workflow."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from openpyxl import Workbook

from pilotbase.accounts.models import Role, User
from pilotbase.applications.models import Application
from pilotbase.experts import importing, services
from pilotbase.experts.models import AssignmentRound, Conflict, Expert, Invitation, Review

FULL = {"technology": "26", "capacity": "20", "team": "12", "management": "12", "finance": "12"}


@pytest.fixture
def demo(world):
    from pilotbase.applications import demo as filing_demo
    from pilotbase.experts import demo as experts_demo

    filing_demo.build(world.__dict__)
    experts_demo.build(world.__dict__)
    world.application = Application.objects.get(name="塔河流域纺织印染中试基地")
    return world


def invitation_of(world, username) -> Invitation:
    return Invitation.objects.get(application=world.application, expert__user=world.people[username])


def as_client(login, user) -> Client:
    c = Client()
    if user.totpdevice_set.exists():
        return login(user, c=c)
    # experts sign in with a password alone (TOTP is for officers and administrators)
    response = c.post("/accounts/login/", {"username": user.username, "password": "x-Very-long-9"})
    assert response.status_code == 302, response.content.decode()[:300]
    return c


def new_expert_user(name="unassigned") -> User:
    user = User.objects.create_user(
        username=name, password="x-Very-long-9", role=Role.EXPERT, display_name="外聘专家"
    )
    Expert.objects.create(user=user, name="外聘专家", organisation_name="新疆某研究院", types=["technical"])
    return user


def test_assigned_expert_sees_the_application_unassigned_and_conflicted_do_not(demo, login):
    inv = invitation_of(demo, "expert_tech")
    tech = as_client(login, demo.expert_tech)
    assert tech.get(f"/experts/assignments/{inv.pk}/").status_code == 200
    assert tech.get(f"/api/v1/experts/assignments/{inv.pk}").status_code == 200
    assert demo.application.name in tech.get("/experts/workspace/").content.decode()

    stranger = as_client(login, new_expert_user())
    assert stranger.get(f"/experts/assignments/{inv.pk}/").status_code == 404
    assert stranger.get(f"/api/v1/experts/assignments/{inv.pk}").status_code == 404
    assert demo.application.name not in stranger.get("/experts/workspace/").content.decode()
    assert stranger.get("/api/v1/experts/assignments").json() == []

    fin_inv = invitation_of(demo, "expert_fin")
    services.add_conflict(
        fin_inv.expert, demo.application, evidence="其配偶任申报单位财务负责人", by=demo.officer
    )
    fin = as_client(login, demo.expert_fin)
    assert fin.get(f"/experts/assignments/{fin_inv.pk}/").status_code == 404
    assert fin.get(f"/api/v1/experts/assignments/{fin_inv.pk}").status_code == 404
    assert demo.application.name not in fin.get("/experts/workspace/").content.decode()
    material = demo.application.materials.first()
    assert fin.get(f"/experts/assignments/{fin_inv.pk}/materials/{material.pk}/").status_code == 404
    assert tech.get(f"/experts/assignments/{inv.pk}/materials/{material.pk}/").status_code == 200


def test_applicant_never_sees_expert_names_or_individual_scores(demo, login):
    for username, scores in (("expert_tech", FULL), ("expert_mgmt", {**FULL, "technology": "17"})):
        services.submit_review(
            invitation_of(demo, username),
            scores=scores,
            opinion=f"{username} 的意见",
            by=demo.people[username],
        )
    services.record_panel_opinion(demo.application, score="80.5", opinion="专家组同意", by=demo.officer)
    applicant = as_client(login, demo.applicant_b)
    page = applicant.get(demo.application.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    for expert in Expert.objects.filter(invitations__application=demo.application):
        assert expert.name not in text
    for review in Review.objects.all():
        assert f"{review.total:.2f}" not in text and review.opinion not in text
    assert applicant.get(f"/experts/panels/{demo.application.pk}/").status_code == 404
    assert applicant.get(f"/api/v1/experts/panels/{demo.application.pk}").status_code == 404
    assert applicant.get("/api/v1/experts/pool").status_code == 404
    assert applicant.get("/experts/").status_code == 404


def test_expert_list_has_bounded_queries(demo, login, django_assert_max_num_queries):
    officer = as_client(login, demo.officer)
    with django_assert_max_num_queries(15):
        response = officer.get("/experts/")
    assert response.status_code == 200
    assert "刘振宇" in response.content.decode()


def _sheet(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(importing.HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_with_a_broken_row_writes_nothing(demo, login, tmp_path):
    good = [
        "赵新专家",
        "新疆大学",
        "教授",
        "技术专家",
        "农业",
        "粮油",
        "",
        "",
        "",
        "石河子大学|2015-01-01|2019-12-31",
    ]
    bad = ["钱坏行", "新疆大学", "", "园艺专家", "天文学", "", "", "", "", ""]
    before = Expert.objects.count()
    officer = as_client(login, demo.officer)
    upload = io.BytesIO(_sheet([good, bad]))
    upload.name = "experts.xlsx"
    response = officer.post("/experts/import/", {"file": upload})
    assert response.status_code == 422
    text = response.content.decode()
    assert "园艺专家" in text and "天文学" in text and "未写入任何专家" in text
    assert Expert.objects.count() == before

    path = tmp_path / "experts.xlsx"
    path.write_bytes(_sheet([good, bad]))
    with pytest.raises(CommandError) as err:
        call_command("experts", "import", str(path))
    assert err.value.returncode == 2
    assert Expert.objects.count() == before

    path.write_bytes(_sheet([good]))
    call_command("experts", "import", str(path))
    assert Expert.objects.get(name="赵新专家").affiliations.get().organisation_name == "石河子大学"
    assert officer.get("/experts/import/template.xlsx").status_code == 200


def test_solver_result_is_saved_without_a_conflicted_pair(demo, login):
    officer = as_client(login, demo.officer)
    expert = Expert.objects.filter(invitations__isnull=True).first()
    services.add_conflict(expert, demo.application, evidence="曾参与该基地建设方案编制", by=demo.officer)
    Invitation.objects.filter(application=demo.application, status="invited").update(status="declined")
    response = officer.post(
        "/experts/rounds/new/", {"applications": [demo.application.pk], "panel_size": 5, "load_cap": 3}
    )
    assert response.status_code == 302
    r = AssignmentRound.objects.first()
    page = officer.get(r.get_absolute_url())
    assert page.status_code == 200 and "匹配理由" in page.content.decode()
    assert officer.post(f"/experts/rounds/{r.pk}/save/").status_code == 302
    conflicted = set(Conflict.objects.filter(cleared=False).values_list("application_id", "expert_id"))
    active = set(
        Invitation.objects.filter(status__in=Invitation.ACTIVE).values_list("application_id", "expert_id")
    )
    assert len([p for p in active if p[0] == demo.application.pk]) == 5
    assert not (conflicted & active)
    # the former employee of the applicant was found automatically and shown with the evidence
    auto = Conflict.objects.get(
        application=demo.application, kind="employment", evidence__contains="离职未满三年"
    )
    assert "离职未满三年" in auto.evidence
    assert auto.evidence in officer.get(auto.expert.get_absolute_url()).content.decode()


def test_infeasible_round_shows_the_reasons_in_chinese(demo, login):
    for e in Expert.objects.all():
        if "financial" in e.types:
            e.active = False
            e.save(update_fields=["active"])
    officer = as_client(login, demo.officer)
    response = officer.post(
        "/experts/rounds/new/",
        {"applications": [demo.application.pk], "panel_size": 5, "load_cap": 3},
        follow=True,
    )
    assert response.status_code == 422
    assert "没有可参与评审的财务专家" in response.content.decode()


def test_rubric_with_bad_weights_is_refused_with_a_clear_message(demo, login):
    officer = as_client(login, demo.officer)
    response = officer.post(
        "/experts/rubrics/",
        {"stage": "expert_evaluation", "title": "错误的标准", "criteria": "a|技术|50|0|50|\nb|管理|40|0|40|"},
    )
    assert response.status_code == 422
    assert "权重之和须为 100，现为 90" in response.content.decode()


def test_score_out_of_range_is_refused_naming_the_criterion(demo, login):
    inv = invitation_of(demo, "expert_tech")
    tech = as_client(login, demo.expert_tech)
    response = tech.post(
        f"/experts/assignments/{inv.pk}/review/",
        {**{f"score_{k}": v for k, v in FULL.items()}, "score_team": "16", "opinion": "好"},
    )
    assert response.status_code == 422
    assert "人才队伍" in response.content.decode() and "超出范围" in response.content.decode()
    assert not Review.objects.exists()
    api = tech.post(
        f"/api/v1/experts/assignments/{inv.pk}/review",
        {"scores": {**FULL, "team": "16"}, "opinion": "好"},
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["field"] == "scores.team"


def test_declaring_a_conflict_removes_the_invited_expert(demo, login):
    inv = (
        Invitation.objects.filter(application=demo.application, status="invited")
        .select_related("expert")
        .first()
    )
    user = User.objects.create_user(username="invited_one", password="x-Very-long-9", role=Role.EXPERT)
    Expert.objects.filter(pk=inv.expert_id).update(user=user)
    c = as_client(login, user)
    response = c.post(
        f"/experts/assignments/{inv.pk}/respond/", {"decision": "accept", "conflict_note": "曾在申报单位兼职"}
    )
    assert response.status_code == 302
    assert Conflict.objects.filter(expert_id=inv.expert_id, kind="self_declared").exists()
    assert c.get(f"/experts/assignments/{inv.pk}/").status_code == 404


def test_consolidated_opinion_reaches_the_application(demo, login):
    for username in ("expert_tech", "expert_mgmt", "expert_fin"):
        services.submit_review(
            invitation_of(demo, username), scores=FULL, opinion="同意", by=demo.people[username]
        )
    officer = as_client(login, demo.officer)
    page = officer.get(f"/experts/panels/{demo.application.pk}/")
    assert page.status_code == 200 and "82.00" in page.content.decode()
    response = officer.post(
        f"/experts/panels/{demo.application.pk}/", {"score": "82", "opinion": "专家组一致同意备案"}
    )
    assert response.status_code == 302
    demo.application.refresh_from_db()
    assert demo.application.status == Application.Status.EVALUATED
    assert demo.application.consolidated_score == Decimal("82.00")
    assert demo.application.consolidated_opinion == "专家组一致同意备案"
    # the review is closed: the expert no longer sees the application
    tech = as_client(login, demo.expert_tech)
    assert tech.get(f"/experts/assignments/{invitation_of(demo, 'expert_tech').pk}/").status_code == 404
