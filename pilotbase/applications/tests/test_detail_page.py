"""The detail page: what each person sees, in a bounded number of queries."""

from pilotbase.applications import services
from pilotbase.applications.models import Application
from pilotbase.audit import services as audit

S = Application.Status


def test_per_check_forms_only_for_the_officer_in_formal_review(world, complete, walk, login):
    app = walk(complete, S.RECOMMENDED)
    officer = login(world.officer)
    page = officer.get(f"/applications/{app.pk}/").content.decode()
    assert "核定结论" not in page
    services.start_formal_review(app, by=world.officer)
    page = officer.get(f"/applications/{app.pk}/").content.decode()
    assert 'aria-label="核定结论"' in page
    reviewer = login(world.reviewer_div1, c=officer.__class__())
    assert "核定结论" not in reviewer.get(f"/applications/{app.pk}/").content.decode()


def test_timeline_shows_recent_events_with_a_link_to_all(
    world, complete, login, django_assert_max_num_queries
):
    for i in range(40):
        audit.record(complete, "check_reviewed", by=world.applicant_b, data={"check": f"c{i}"})
    client = login(world.applicant_b)
    url = f"/applications/{complete.pk}/"
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "显示全部" in page and page.count("核定审查项") == 30
    page = client.get(url + "?history=all").content.decode()
    assert "显示全部" not in page and page.count("核定审查项") == 40
    assert "开始填报" in page


def test_the_checklist_follows_the_misconduct_register_at_once(world, complete, login):
    """The checklist is kept per process for the facts it was computed from; an entry in the
    register changes those facts, so the very next page view shows it (nothing stale)."""
    from datetime import timedelta

    from pilotbase.bases import services as bases_services
    from pilotbase.operations import clock

    client = login(world.applicant_b)
    url = f"/applications/{complete.pk}/"
    assert "有在惩戒执行期内的科研严重失信行为记录" not in client.get(url).content.decode()
    today = clock.today()
    bases_services.record_misconduct(
        complete.organisation,
        penalty_from=today - timedelta(days=1),
        penalty_until=today + timedelta(days=30),
        reason="伪造申报材料，经查属实",
        by=world.officer,
    )
    page = client.get(url).content.decode()
    assert "有在惩戒执行期内的科研严重失信行为记录" in page
    assert services.checklist(complete)["verdict"] == "ineligible"


def test_an_application_belongs_to_its_organisations_recommending_unit(world, complete):
    assert complete.recommending_unit_id == complete.organisation.recommending_unit_id is not None
    assert Application.objects.filter(recommending_unit=world.reviewer_div1.recommending_unit).exists() == (
        complete.organisation.recommending_unit_id == world.reviewer_div1.recommending_unit_id
    )
