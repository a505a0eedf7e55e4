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
