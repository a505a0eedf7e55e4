"""One rule, two forms: ``visible_applications`` (a query, for lists, exports and search) and
``can_see`` (one loaded application, for its pages and moves) must agree for every person and
every application, or a page would show what a list hides (or the reverse)."""

from django.test.utils import override_settings

from pilotbase.accounts.models import User
from pilotbase.accounts.permissions import NotVisible
from pilotbase.applications import permissions
from pilotbase.applications.models import Application


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_query_and_the_single_check_agree_for_every_person_and_application(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from pilotbase.operations import demo

    demo.build()
    applications = list(Application.objects.all())
    statuses = {a.status for a in applications}
    assert len(statuses) >= 8 and Application.Status.DRAFT in statuses  # every kind of case
    users = list(User.objects.all())
    assert {u.role for u in users} >= {"applicant", "reviewer", "officer", "expert", "evaluator", "public", "auditadmin"}
    seen_somewhere = 0
    for user in users:
        visible = set(permissions.visible_applications(user).values_list("pk", flat=True))
        for application in applications:
            assert permissions.can_see(user, application) == (application.pk in visible), (
                user.username,
                application.pk,
                application.status,
            )
            try:
                loaded = permissions.get_application_for(user, application.pk)
            except NotVisible:
                assert application.pk not in visible
            else:
                assert application.pk in visible and loaded.organisation.pk == application.organisation_id
        seen_somewhere += bool(visible)
    assert seen_somewhere >= 4  # applicants, reviewers and the bureau each see some


def test_an_applicant_or_reviewer_account_without_its_organisation_or_unit_sees_nothing(world):
    from pilotbase.applications import demo as filing_demo
    from pilotbase.applications import services

    call = filing_demo.open_call(world.officer)
    application = services.start_application(call, by=world.applicant_a)
    orphan_applicant = User(username="x1", role="applicant", organisation=None)
    orphan_reviewer = User(username="x2", role="reviewer", recommending_unit=None)
    application.host_unit_id = None
    for user in (orphan_applicant, orphan_reviewer):
        assert not permissions.visible_applications(user).exists()
        assert not permissions.can_see(user, application)
