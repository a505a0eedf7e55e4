"""Autosave and "保存并下一步" of the same page: the save carries the version the autosave returned."""

import re

from pilotbase.applications import services


def _version_in(html: str) -> str:
    match = re.search(r'name="version" value="(\d+)" id="version-field" hx-swap-oob="true"', html)
    assert match, html
    return match.group(1)


def test_step_save_after_autosave_carries_the_returned_version(world, call, login):
    app = services.start_application(call, by=world.applicant_b)
    client = login(world.applicant_b)
    autosave = client.post(
        f"/applications/{app.pk}/autosave/basic/", {"version": app.version, "app.name": "甲基地"}
    )
    assert autosave.status_code == 200
    version = _version_in(autosave.content.decode())
    assert int(version) == app.version + 1
    # The save goes through htmx (filing.js queues it behind the autosave) and is told where to go.
    save = client.post(
        f"/applications/{app.pk}/edit/basic/",
        {"version": version, "app.name": "甲基地（全称）"},
        HTTP_HX_REQUEST="true",
    )
    assert save.status_code == 200
    assert save["HX-Redirect"] == f"/applications/{app.pk}/edit/conditions/"
    app.refresh_from_db()
    assert app.name == "甲基地（全称）" and app.version == int(version) + 1
    page = client.get(save["HX-Redirect"]).content.decode()
    assert "已保存" in page


def test_step_save_without_htmx_still_redirects(world, call, login):
    app = services.start_application(call, by=world.applicant_b)
    client = login(world.applicant_b)
    save = client.post(f"/applications/{app.pk}/edit/basic/", {"version": app.version, "app.name": "乙"})
    assert save.status_code == 302 and save["Location"].endswith("/edit/conditions/")


def test_step_save_against_an_older_version_is_still_refused(world, call, login):
    app = services.start_application(call, by=world.applicant_b)
    client = login(world.applicant_b)
    client.post(f"/applications/{app.pk}/autosave/basic/", {"version": app.version, "app.name": "甲基地"})
    save = client.post(
        f"/applications/{app.pk}/edit/basic/",
        {"version": app.version, "app.name": "乙基地"},
        HTTP_HX_REQUEST="true",
    )
    assert save.status_code == 409 and "已在其他窗口" in save.content.decode()


def test_edit_page_queues_the_save_behind_the_autosave(world, call, login):
    app = services.start_application(call, by=world.applicant_b)
    page = login(world.applicant_b).get(f"/applications/{app.pk}/edit/basic/").content.decode()
    assert 'hx-sync="this:queue all"' in page and "data-step-save" in page
    assert "applications/filing.js" in page
