"""Pages and API of the filing workflow, through the interface, around the personas."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from pilotbase.applications import demo, services
from pilotbase.applications.models import Application

S = Application.Status


def test_get_cannot_change_state(world, complete, login):
    client = login(world.applicant_b)
    for action in ("submit", "withdraw"):
        assert client.get(f"/applications/{complete.pk}/do/{action}/").status_code == 405
    complete.refresh_from_db()
    assert complete.status == S.DRAFT


def test_reviewer_sees_only_own_jurisdiction_in_pages_and_api(
    world, complete, call, login, django_assert_max_num_queries
):
    services.submit(complete, pledge=True, by=world.applicant_b)
    other = demo.fill_and_upload(
        services.start_application(call, by=world.applicant_a), world.applicant_a, "天业基地"
    )
    services.submit(other, pledge=True, by=world.applicant_a)
    client = login(world.reviewer_div8)
    with django_assert_max_num_queries(15):
        page = client.get("/applications/?q=基地").content.decode()
    assert "天业基地" in page and "南疆棉纺" not in page
    assert client.get(f"/applications/{complete.pk}/").status_code == 404
    api = client.get("/api/v1/applications/").json()
    assert [a["name"] for a in api] == ["天业基地"]
    assert client.get(f"/api/v1/applications/{complete.pk}").status_code == 404
    assert not world.reviewer_div8.notifications.filter(title__contains="南疆").exists()


def test_forged_recommending_unit_is_ignored(world, complete, login):
    services.submit(complete, pledge=True, by=world.applicant_b)
    client = login(world.reviewer_div8)
    response = client.post(
        f"/applications/{complete.pk}/do/recommend/",
        {"opinion": "同意", "recommending_unit": str(world.units["division-8"].pk)},
    )
    assert response.status_code == 404
    complete.refresh_from_db()
    assert complete.status == S.SUBMITTED


def test_recommend_and_return_through_pages(world, complete, login):
    services.submit(complete, pledge=True, by=world.applicant_b)
    client = login(world.reviewer_div1)
    response = client.post(f"/applications/{complete.pk}/do/recommend/", {"opinion": ""})
    assert response.status_code == 422 and "请填写推荐意见" in response.content.decode()
    response = client.post(f"/applications/{complete.pk}/do/return/", {"reasons": "请补充设备发票"})
    assert response.status_code == 302
    complete.refresh_from_db()
    assert complete.status == S.RETURNED
    assert world.applicant_b.notifications.filter(title__contains="退回").exists()
    again = client.post(f"/applications/{complete.pk}/do/return/", {"reasons": "再次退回"})
    assert again.status_code in (404, 409)


def test_stale_edit_is_refused_with_current_values(world, call, login):
    app = services.start_application(call, by=world.applicant_b)
    client = login(world.applicant_b)
    url = f"/applications/{app.pk}/autosave/basic/"
    first = client.post(url, {"version": app.version, "app.name": "甲基地"})
    assert first.status_code == 200 and "已自动保存" in first.content.decode()
    stale = client.post(f"/applications/{app.pk}/edit/basic/", {"version": app.version, "app.name": "乙基地"})
    assert stale.status_code == 409
    assert "甲基地" in stale.content.decode() and "已在其他窗口" in stale.content.decode()
    app.refresh_from_db()
    assert app.name == "甲基地"


def test_autosave_keeps_readable_values_and_reports_the_rest(world, call, login):
    app = services.start_application(call, by=world.applicant_b)
    client = login(world.applicant_b)
    response = client.post(
        f"/applications/{app.pk}/autosave/conditions/",
        {
            "version": app.version,
            "site.area_m2": "12ab",
            "site.independent": "1",
            "equipment__present": "1",
            "equipment.name": ["线", "检测"],
            "equipment.original_value_yuan": ["4000000", "1000000"],
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "site.area_m2" in body
    app.refresh_from_db()
    assert app.facts["site"] == {"independent": True}
    assert app.facts["equipment"]["original_value_yuan"] == "5000000"


def test_html_named_pdf_refused_through_page(world, call, login):
    app = services.start_application(call, by=world.applicant_b)
    client = login(world.applicant_b)
    response = client.post(
        f"/applications/{app.pk}/materials/",
        {"kind": "application_form", "file": SimpleUploadedFile("申请书.pdf", b"<!doctype html><p>x</p>")},
    )
    assert response.status_code == 422 and "仅接受" in response.content.decode()


def test_download_is_an_attachment_and_tampering_is_reported(world, complete, login, settings):
    from pathlib import Path

    material = complete.materials.first()
    client = login(world.applicant_b)
    response = client.get(f"/applications/materials/{material.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    (Path(settings.MEDIA_ROOT) / "materials" / material.stored_name).write_bytes(b"%PDF-tampered")
    response = client.get(f"/applications/materials/{material.pk}/download/")
    assert response.status_code == 409 and "校验失败" in response.content.decode()
    assert world.officer.notifications.filter(title__contains="完整性").exists()
    other = login(world.applicant_a, c=client.__class__())
    assert other.get(f"/applications/materials/{material.pk}/download/").status_code == 404


def test_api_submit_and_recommend(world, complete, login):
    client = login(world.applicant_b)
    response = client.post(
        f"/api/v1/applications/{complete.pk}/submit",
        json.dumps({"pledge": False}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 422 and response.json()["field"] == "pledge"
    response = client.post(
        f"/api/v1/applications/{complete.pk}/submit",
        json.dumps({"pledge": True}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 200 and response.json()["status"] == "submitted"


def test_public_notice_page_and_objection(world, complete, walk, client, django_assert_max_num_queries):
    from pilotbase.operations import clock

    app = walk(complete, S.EVALUATED)
    batch = services.create_batch(app.call, name="第一批", by=world.officer)
    services.select_batch(batch, selected_ids=[app.pk], by=world.officer)
    notice = services.publish_batch(batch, starts_on=clock.today(), by=world.officer)
    with django_assert_max_num_queries(8):
        page = client.get("/notices/").content.decode()
    assert "公示期：" in page and f"{notice.starts_on.year}年" in page
    response = client.post(f"/notices/{notice.pk}/", {"real_name": "王", "contact": "x", "text": "短"})
    assert response.status_code == 422
    response = client.post(
        f"/notices/{notice.pk}/",
        {"real_name": "王某某", "contact": "13800000000", "text": "该基地的场地面积与实际情况不符。"},
    )
    assert response.status_code == 302
    assert client.get("/api/v1/notices/").json()[0]["title"] == notice.title


def test_todos_by_role(world, complete, login):
    from pilotbase.applications.todos import for_user

    assert [t.title for t in for_user(world.applicant_b)] == ["未提交的申报草稿"]
    services.submit(complete, pledge=True, by=world.applicant_b)
    assert for_user(world.reviewer_div1)[0].count == 1
    assert for_user(world.reviewer_div8)[0].count == 0
