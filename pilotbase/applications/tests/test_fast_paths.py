"""The busiest pages read through prepared queries and keep rendered markup (see
applications/views.py). These tests hold each shortcut equal to the plain way for every person the
demo has: the list to ``list_queryset``, the detail page's content to rendering it afresh, and a
page kept for one person to carry the next person's own CSRF token."""

import re
from datetime import timedelta

import pytest
from django.test.utils import override_settings

from pilotbase.accounts.models import Organisation, RecommendingUnit, User
from pilotbase.accounts.rowfetch import PreparedValues
from pilotbase.applications import permissions, views
from pilotbase.applications.bench import _client as signed_in_client
from pilotbase.applications.models import Application, Material

S = Application.Status
_TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value=|name="csrf-token" content=)"[^"]+"')


def _without_tokens(html: str) -> str:
    return _TOKENS.sub(r'\1"TOKEN"', html)


@pytest.fixture
def demo_world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from pilotbase.operations import demo

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        demo.build()
    return list(User.objects.filter(role__in=["officer", "reviewer", "applicant"]).order_by("pk"))


def test_the_list_reads_what_the_orm_query_reads_for_every_person_status_and_page(demo_world):
    people = [
        *demo_world,
        User(username="no-unit", role="reviewer", recommending_unit=None),
        User(username="no-org", role="applicant", organisation=None),
    ]
    checked = 0
    for user in people:
        for status in ["", "not-a-status", *S.values]:
            for start in (0, 2):
                expected = list(
                    views.list_queryset(user, {"status": status})
                    .select_related(None)
                    .values(*views.LIST_COLUMNS)[start : start + 3]
                )
                assert views._list_rows(user, {"status": status}, start, 3) == expected, (
                    user.username,
                    status,
                    start,
                )
                checked += bool(expected)
    assert checked > 30  # the demo has applications in many states for several people


def test_the_list_page_shows_each_person_only_their_applications(demo_world):
    reviewer = next(u for u in demo_world if u.role == "reviewer")
    page = signed_in_client(reviewer).get("/applications/").content.decode()
    for application in Application.objects.exclude(status=S.DRAFT):
        shown = f'href="/applications/{application.pk}/"' in page
        if application.recommending_unit_id != reviewer.recommending_unit_id:
            assert not shown, application.pk


def test_a_detail_page_kept_or_rendered_afresh_is_the_same_for_every_person(demo_world):
    compared = 0
    for user in demo_world:
        client = signed_in_client(user)
        for application in permissions.visible_applications(user).order_by("pk"):
            url = f"/applications/{application.pk}/"
            views._BODIES.clear()
            fresh = client.get(url).content.decode()
            assert len(views._BODIES) == 1
            kept = client.get(url).content.decode()
            assert len(views._BODIES) == 1  # the second view used what the first rendered
            assert _without_tokens(fresh) == _without_tokens(kept), (user, url)
            compared += 1
    assert compared > 20


def test_a_change_the_page_shows_reaches_the_very_next_view(world, complete, walk, settings):
    """Changes made behind the services' back (no audit event, no new version) still show at once:
    every input of the content is read again on each view."""
    app = walk(complete, S.SUBMITTED)
    client = signed_in_client(world.reviewer_div1)
    url = f"/applications/{app.pk}/"
    assert "南疆棉纺新材料中试基地" in client.get(url).content.decode()

    Organisation.objects.filter(pk=app.organisation_id).update(name="改名后的申报单位")
    assert "改名后的申报单位" in client.get(url).content.decode()

    RecommendingUnit.objects.filter(pk=app.recommending_unit_id).update(name="改名后的推荐单位")
    assert "改名后的推荐单位" in client.get(url).content.decode()

    material = Material.objects.filter(application=app, removed=False).first()
    assert material.original_name in client.get(url).content.decode()
    Material.objects.filter(pk=material.pk).update(removed=True)
    page = client.get(url).content.decode()
    assert f"/applications/materials/{material.pk}/download/" not in page

    Application.objects.filter(pk=app.pk).update(description="直接写入的基地简介")
    assert "直接写入的基地简介" in client.get(url).content.decode()

    from pilotbase.operations import clock

    before = re.search(r"截至 (\d{4}-\d{2}-\d{2})", client.get(url).content.decode()).group(1)
    settings.PILOTBASE_TODAY = (clock.today() + timedelta(days=3)).isoformat()
    after = re.search(r"截至 (\d{4}-\d{2}-\d{2})", client.get(url).content.decode()).group(1)
    assert after != before and after == clock.today().isoformat()


def test_the_forms_of_a_kept_page_carry_the_viewers_own_token(world, complete, walk):
    app = walk(complete, S.SUBMITTED)
    url = f"/applications/{app.pk}/"
    first = signed_in_client(world.reviewer_div1)
    first_page = first.get(url).content.decode()
    views_kept = len(views._BODIES)
    second = signed_in_client(world.reviewer_div1)
    second.handler.enforce_csrf_checks = True
    page = second.get(url).content.decode()
    assert len(views._BODIES) == views_kept  # the second view used the kept content
    token = re.search(
        r'action="/applications/\d+/do/recommend/"[^>]*><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        page,
    )
    assert token.group(1) not in first_page
    response = second.post(
        f"/applications/{app.pk}/do/recommend/",
        {"opinion": "同意推荐", "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 302, response.content.decode()[:300]
    app.refresh_from_db()
    assert app.status == S.RECOMMENDED


def test_a_prepared_query_gives_what_the_orm_gives_and_refuses_a_rewritten_argument(world, complete):
    rows = PreparedValues(
        lambda pk: Application.objects.filter(pk=pk).values("pk", "facts", "updated_at", "created_at"),
        -7919,
    )
    assert rows(complete.pk) == list(
        Application.objects.filter(pk=complete.pk).values("pk", "facts", "updated_at", "created_at")
    )
    assert rows(10**9) == []
    by_name = PreparedValues(lambda q: Application.objects.filter(name__icontains=q).values("pk"), "example")
    with pytest.raises(ValueError, match="does not appear as itself"):
        by_name("棉纺")  # the ORM turns the argument into a LIKE pattern: it cannot be prepared


def test_a_paged_prepared_query_takes_limit_and_offset(world, complete, call):
    from pilotbase.applications import services

    for _ in range(4):
        services.start_application(call, by=world.applicant_b)
    rows = PreparedValues(
        lambda org: Application.objects.filter(organisation_id=org).order_by("pk").values("pk"),
        -7919,
        paged=True,
    )
    every = [
        r["pk"]
        for r in Application.objects.filter(organisation=complete.organisation).order_by("pk").values("pk")
    ]
    assert [r["pk"] for r in rows(complete.organisation_id, limit=2, offset=1)] == every[1:3]
    assert len(every) == 5
