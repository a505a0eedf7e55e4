"""The officer keeps one expert's record: edits, past organisations, declared ties, unavailability
and deactivation, each audited, and each seen at once by conflict detection and the solver."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import Workbook

from pilotbase.audit.models import AuditEvent
from pilotbase.experts import importing, pool, services
from pilotbase.experts.models import AssignmentRound, Conflict, Expert, ExpertAffiliation, Invitation
from pilotbase.experts.tests.test_django import as_client, demo, invitation_of  # noqa: F401
from pilotbase.operations import clock


def _actions(obj_pk=None) -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_officer_edits_every_field_and_bad_input_changes_nothing(demo, login):  # noqa: F811
    officer = as_client(login, demo.officer)
    expert = Expert.objects.get(name="李海燕")
    page = officer.get(f"/experts/{expert.pk}/edit/")
    assert page.status_code == 200 and "学科领域" in page.content.decode()
    response = officer.post(
        f"/experts/{expert.pk}/edit/",
        {
            "name": "李海燕",
            "organisation_name": "塔里木大学",
            "title": "研究员",
            "types": ["technical", "financial"],
            "fields": ["agriculture"],
            "chains": ["grain_oil"],
            "region": "阿拉尔市",
            "contact": "0997-1234567",
        },
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.title, expert.types, expert.fields, expert.chains, expert.region) == (
        "研究员",
        ["technical", "financial"],
        ["agriculture"],
        ["grain_oil"],
        "阿拉尔市",
    )
    assert "expert_updated" in _actions()

    bad = officer.post(f"/experts/{expert.pk}/edit/", {"name": "", "organisation_name": "某地", "types": []})
    assert bad.status_code == 422
    assert "必填" in bad.content.decode() or "请" in bad.content.decode()
    expert.refresh_from_db()
    assert expert.organisation_name == "塔里木大学"

    # experts and applicants do not reach the pool's pages at all
    tech = as_client(login, demo.expert_tech)
    assert tech.get(f"/experts/{expert.pk}/edit/").status_code == 404
    assert tech.post(f"/experts/{expert.pk}/active/", {"reason": "x"}).status_code == 404
    assert as_client(login, demo.applicant_a).get(f"/experts/{expert.pk}/").status_code == 404


def test_new_affiliation_with_the_applicant_creates_the_conflict_and_hides_the_application(
    demo,  # noqa: F811
    login,
):
    officer = as_client(login, demo.officer)
    inv = invitation_of(demo, "expert_tech")
    assert inv.status == Invitation.Status.ACCEPTED
    org = demo.application.organisation.name
    response = officer.post(
        f"/experts/{inv.expert.pk}/affiliations/",
        {"organisation_name": org, "relation": "employment", "start": "2019-01-01", "end": "2024-06-30"},
    )
    assert response.status_code == 302
    conflict = Conflict.objects.get(expert=inv.expert, application=demo.application, cleared=False)
    assert conflict.kind == "employment" and "离职未满三年" in conflict.evidence
    inv.refresh_from_db()
    assert inv.status == Invitation.Status.WITHDRAWN
    tech = as_client(login, demo.expert_tech)
    assert demo.application.name not in tech.get("/experts/workspace/").content.decode()
    assert tech.get(f"/experts/assignments/{inv.pk}/").status_code == 404
    assert "affiliation_added" in _actions()

    # the wrongly entered job is removed: the automatic conflict resting on it goes too
    affiliation = ExpertAffiliation.objects.get(expert=inv.expert, organisation_name=org)
    assert officer.post(f"/experts/affiliations/{affiliation.pk}/remove/").status_code == 302
    assert not Conflict.objects.filter(expert=inv.expert, application=demo.application).exists()
    assert "affiliation_removed" in _actions()


def test_declared_tie_is_a_conflict_and_the_solver_avoids_it(demo, login):  # noqa: F811
    officer = as_client(login, demo.officer)
    Invitation.objects.filter(application=demo.application).update(status="declined")
    expert = Expert.objects.get(name="张立新")
    bad = officer.post(
        f"/experts/{expert.pk}/affiliations/",
        {"organisation_name": demo.application.organisation.name, "relation": "personal"},
    )
    assert bad.status_code == 422 and "请说明具体情形" in bad.content.decode()
    assert not expert.affiliations.filter(relation="personal").exists()
    ok = officer.post(
        f"/experts/{expert.pk}/affiliations/",
        {
            "organisation_name": demo.application.organisation.name,
            "relation": "personal",
            "note": "其兄任该公司总经理",
        },
    )
    assert ok.status_code == 302
    c = Conflict.objects.get(expert=expert, application=demo.application, kind="declared_tie")
    assert "其兄任该公司总经理" in c.evidence
    r = services.create_round([demo.application.pk], panel_size=5, load_cap=3, by=demo.officer)
    chosen = {m["expert"] for m in r.result["panels"][str(demo.application.pk)]}
    assert len(chosen) == 5 and expert.pk not in chosen


def test_expert_unavailable_on_the_review_date_is_not_assigned(demo, login):  # noqa: F811
    officer = as_client(login, demo.officer)
    Invitation.objects.filter(application=demo.application).update(status="declined")
    day = clock.today() + timedelta(days=10)
    first = services.create_round(
        [demo.application.pk], panel_size=5, load_cap=3, review_date=day, by=demo.officer
    )
    chosen = {m["expert"] for m in first.result["panels"][str(demo.application.pk)]}
    away = Expert.objects.get(pk=sorted(chosen)[0])

    bad = officer.post(
        f"/experts/{away.pk}/unavailability/",
        {"start": day.isoformat(), "end": (day - timedelta(days=2)).isoformat()},
    )
    assert bad.status_code == 422 and "结束日期不能早于起始日期" in bad.content.decode()
    response = officer.post(
        f"/experts/{away.pk}/unavailability/",
        {
            "start": (day - timedelta(days=1)).isoformat(),
            "end": (day + timedelta(days=1)).isoformat(),
            "note": "出国",
        },
    )
    assert response.status_code == 302
    away.refresh_from_db()
    assert away.unavailable_periods[0]["note"] == "出国"
    assert not away.available_on(day) and away.available_on(day + timedelta(days=5))

    response = officer.post(
        "/experts/rounds/new/",
        {
            "applications": [demo.application.pk],
            "panel_size": 5,
            "load_cap": 3,
            "review_date": day.isoformat(),
        },
    )
    assert response.status_code == 302
    r = AssignmentRound.objects.order_by("-pk").first()
    assert r.review_date == day
    assert away.pk not in {m["expert"] for m in r.result["panels"][str(demo.application.pk)]}
    # on a day outside the period the same expert may be chosen again
    later = services.create_round(
        [demo.application.pk], panel_size=5, load_cap=3, review_date=day + timedelta(days=5), by=demo.officer
    )
    assert later.result["status"] == "optimal"

    p = away.unavailable_periods[0]
    assert (
        officer.post(
            f"/experts/{away.pk}/unavailability/remove/", {"start": p["start"], "end": p["end"]}
        ).status_code
        == 302
    )
    away.refresh_from_db()
    assert away.unavailable_periods == []
    assert {"unavailability_added", "unavailability_removed"} <= set(_actions())


def test_deactivated_expert_loses_invitations_and_is_never_assigned(demo, login):  # noqa: F811
    officer = as_client(login, demo.officer)
    inv = invitation_of(demo, "expert_mgmt")
    expert = inv.expert
    assert officer.post(f"/experts/{expert.pk}/active/", {"active": "0", "reason": ""}).status_code == 422
    expert.refresh_from_db()
    assert expert.active
    response = officer.post(f"/experts/{expert.pk}/active/", {"active": "0", "reason": "本人申请退出专家库"})
    assert response.status_code == 302
    expert.refresh_from_db()
    inv.refresh_from_db()
    assert not expert.active and inv.status == Invitation.Status.WITHDRAWN
    mgmt = as_client(login, demo.expert_mgmt)
    assert demo.application.name not in mgmt.get("/experts/workspace/").content.decode()
    r = services.create_round([demo.application.pk], panel_size=5, load_cap=3, by=demo.officer)
    assert expert.pk not in {m["expert"] for m in r.result["panels"][str(demo.application.pk)]}
    assert "expert_deactivated" in _actions()
    pool.set_active(expert, active=True, reason="恢复", by=demo.officer)
    assert Expert.objects.get(pk=expert.pk).active


def _sheet(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(importing.HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_reads_declared_ties_and_rejects_a_broken_one_whole(demo, login):  # noqa: F811
    base = ["孙新专家", "新疆大学", "教授", "技术专家", "农业", "粮油", "", "", "", ""]
    officer = as_client(login, demo.officer)
    before = Expert.objects.count()
    upload = io.BytesIO(_sheet([[*base, "某某棉业有限公司|同学|大学同学"]]))
    upload.name = "x.xlsx"
    response = officer.post("/experts/import/", {"file": upload})
    assert response.status_code == 422 and "单位|合作或亲属|具体情形" in response.content.decode()
    assert Expert.objects.count() == before

    org = demo.application.organisation.name
    upload = io.BytesIO(_sheet([[*base, f"{org}|合作|2024 年共同承担兵团科技项目"]]))
    upload.name = "x.xlsx"
    assert officer.post("/experts/import/", {"file": upload}).status_code == 302
    tie = ExpertAffiliation.objects.get(expert__name="孙新专家", relation="collaboration")
    assert tie.organisation_name == org
    services.detect_conflicts([demo.application])
    assert Conflict.objects.filter(
        expert=tie.expert, application=demo.application, kind="declared_tie"
    ).exists()
