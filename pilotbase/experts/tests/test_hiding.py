"""A conflicted expert never sees the application anywhere: the expert pages and API, the
dashboard's to-dos and notifications, the filing pages and API, the documents app's exports and
dossier, and search. An unassigned expert sees no more than a conflicted one."""

from __future__ import annotations

import pytest

from pilotbase.accounts.models import Notification
from pilotbase.experts import services
from pilotbase.experts.models import Invitation
from pilotbase.experts.tests.test_django import as_client, demo, invitation_of, new_expert_user  # noqa: F401


@pytest.fixture
def conflicted(demo, login):  # noqa: F811
    """expert_fin had accepted; an officer then finds a tie: the invitation is withdrawn."""
    inv = invitation_of(demo, "expert_fin")
    assert inv.status == Invitation.Status.ACCEPTED
    services.add_conflict(
        inv.expert, demo.application, evidence="其配偶任申报单位财务负责人", by=demo.officer
    )
    inv.refresh_from_db()
    assert inv.status == Invitation.Status.WITHDRAWN
    demo.fin_invitation = inv
    return demo


def _walk(c, application, invitation) -> dict[str, tuple[int, str]]:
    """Every place an application could show up for an expert: status code and body text."""
    urls = [
        "/accounts/",
        "/experts/workspace/",
        f"/experts/assignments/{invitation.pk}/",
        f"/experts/panels/{application.pk}/",
        "/api/v1/experts/assignments",
        f"/api/v1/experts/assignments/{invitation.pk}",
        f"/api/v1/experts/panels/{application.pk}",
        "/applications/",
        f"/applications/{application.pk}/",
        f"/applications/?q={application.name}",
        "/api/v1/applications",
        f"/api/v1/applications/{application.pk}",
        "/documents/exports/",
        "/documents/exports/applications.xlsx",
        "/documents/exports/experts.xlsx",
        f"/documents/dossier/{application.pk}.pdf",
        f"/services/?q={application.name}",
        f"/api/v1/services?q={application.name}",
    ]
    out = {}
    for url in urls:
        response = c.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        # A search page echoes what was typed into its box; that is not the application showing.
        text = text.replace(f'value="{application.name}"', "")
        out[url] = (response.status_code, text)
    return out


@pytest.mark.parametrize("who", ["conflicted", "unassigned"])
def test_expert_sees_the_application_nowhere(conflicted, login, who):
    w = conflicted
    user = w.expert_fin if who == "conflicted" else new_expert_user()
    c = as_client(login, user)
    seen = _walk(c, w.application, w.fin_invitation)
    for url, (status, body) in seen.items():
        assert status != 500, url
        assert w.application.name not in body, f"{url} shows the application ({status})"
        assert w.application.organisation.name not in body, f"{url} shows the applicant ({status})"
    for url in (
        f"/experts/assignments/{w.fin_invitation.pk}/",
        f"/experts/panels/{w.application.pk}/",
        f"/applications/{w.application.pk}/",
        f"/api/v1/experts/assignments/{w.fin_invitation.pk}",
        f"/api/v1/applications/{w.application.pk}",
        f"/documents/dossier/{w.application.pk}.pdf",
    ):
        assert seen[url][0] == 404, (url, seen[url][0])
    for url in (
        "/documents/exports/",
        "/documents/exports/applications.xlsx",
        "/documents/exports/experts.xlsx",
    ):
        assert seen[url][0] in (403, 404), (url, seen[url][0])
    material = w.application.materials.first()
    assert c.get(f"/experts/assignments/{w.fin_invitation.pk}/materials/{material.pk}/").status_code == 404
    # nothing the system ever sent this person names the application or its applicant
    for n in Notification.objects.filter(recipient=user):
        text = f"{n.title} {n.body}"
        assert w.application.name not in text and w.application.organisation.name not in text


def test_assigned_expert_gets_the_dossier_only_through_the_assignment(conflicted, login):
    """The documents app's dossier and exports are the bureau's; an expert reads materials on the
    assignment page, and only once accepted."""
    w = conflicted
    tech = as_client(login, w.expert_tech)
    assert tech.get(f"/documents/dossier/{w.application.pk}.pdf").status_code == 404
    assert tech.get("/documents/exports/").status_code == 403
    assert tech.get("/documents/exports/applications.xlsx").status_code == 403
    inv = invitation_of(w, "expert_tech")
    assert w.application.name in tech.get(f"/experts/assignments/{inv.pk}/").content.decode()


def test_invitation_notification_names_no_application(demo):  # noqa: F811
    """The invitation is announced without the application's name: if a conflict is found later,
    the inbox has nothing to give away (the link then leads to a 404)."""
    for n in Notification.objects.filter(recipient__role="expert"):
        assert demo.application.name not in f"{n.title} {n.body}"
