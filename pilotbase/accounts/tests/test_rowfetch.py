"""The per-request lookups (session, user, second-factor device) run through prepared statements
(accounts/rowfetch.py). They must give exactly what the ORM gives and refuse exactly what Django
refuses: an expired session, a deactivated account, a device removed after sign-in."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from pilotbase.accounts.models import User
from pilotbase.accounts.rowfetch import get_by


def test_a_row_comes_back_as_the_orm_makes_it(world):
    officer = User.objects.get(pk=world.officer.pk)
    officer.last_login = timezone.now()
    officer.save()
    fetched = get_by(User, "pk", officer.pk)
    expected = User.objects.get(pk=officer.pk)
    for field in User._meta.concrete_fields:
        assert getattr(fetched, field.attname) == getattr(expected, field.attname), field.name
    assert isinstance(fetched.is_active, bool) and fetched.last_login.tzinfo is not None
    assert fetched._state.adding is False and fetched._state.db == "default"
    assert get_by(User, "pk", 10**9) is None
    assert get_by(User, "pk", "not-a-number") is None


def test_each_signed_in_page_loads_session_user_and_device_in_three_plain_queries(client, world, login):
    login(world.officer)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/applications/bench/bare/").status_code == 200
    tables = [q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in ctx.captured_queries]
    assert tables == ["django_session", "accounts_user", "otp_totp_totpdevice"]


def test_an_expired_session_is_not_loaded(client, world, login):
    login(world.applicant_a)
    assert client.get("/accounts/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/accounts/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_deactivated_account_is_signed_out_on_its_next_request(client, world, login):
    login(world.applicant_a)
    User.objects.filter(pk=world.applicant_a.pk).update(is_active=False)  # behind the service's back
    response = client.get("/accounts/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_device_removed_after_sign_in_no_longer_verifies_the_session(client, world, login):
    login(world.officer)
    assert client.session.get("otp_device_id")
    TOTPDevice.objects.filter(user=world.officer).delete()
    client.get("/applications/bench/bare/")
    assert "otp_device_id" not in client.session
