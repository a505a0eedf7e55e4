"""``pilotbase bench filing``: list and detail pages of the filing workflow at scale.

Seeds ``size`` applications with bulk_create inside a transaction that is rolled back at the end
(the current database is left as it was), then measures through Django's test client: queries per
page at 100 and at ``size`` applications (must be equal: no N+1), and requests per second of the
bureau's list, a recommending unit's list and a detail page against a bare view in the same run."""

from __future__ import annotations

import statistics
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pilotbase.accounts.models import Organisation, RecommendingUnit, User

from .models import Application


class _Rollback(Exception):
    pass


def _client(user) -> Client:
    """Signed in as after the real login: password, then the second factor (the session names the
    verified device, which every request loads)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    session = client.session
    session["pilotbase_login_at"] = time.time()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


ROUNDS = 7


def _rate(client, url, seconds: float = 1.5, before=None) -> float:
    client.get(url)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        if before is not None:
            before()
        response = client.get(url)
        assert response.status_code == 200
        n += 1
    return n / (time.perf_counter() - start)


def _seed(n: int, call, orgs, creator) -> None:
    statuses = [s for s in Application.Status.values if s != Application.Status.DRAFT]
    rows = [
        Application(
            call=call,
            organisation=orgs[i % len(orgs)],
            recommending_unit_id=orgs[i % len(orgs)].recommending_unit_id,
            name=f"基准中试基地{i}",
            status=statuses[i % len(statuses)],
            facts={"industry": {"chains": ["cotton_textile"]}},
            created_by=creator,
        )
        for i in range(n)
    ]
    Application.objects.bulk_create(rows, batch_size=2000)


def run(size: int = 10_000, seconds: float = 10.5) -> dict:
    from pilotbase.accounts import demo as accounts_demo

    from . import demo

    result: dict = {"size_applications": size}
    try:
        with transaction.atomic():
            world: dict = {}
            if not User.objects.filter(username="officer").exists() or not RecommendingUnit.objects.exists():
                accounts_demo.build(world)
            officer = User.objects.get(username="officer")
            reviewer = User.objects.get(username="reviewer_div8")
            call = demo.open_call(officer)
            orgs = list(Organisation.objects.exclude(recommending_unit=None))
            _seed(100, call, orgs, officer)
            sample = Application.objects.filter(recommending_unit=reviewer.recommending_unit).first()
            bureau, unit = _client(officer), _client(reviewer)
            pages = {
                "bureau_list": (bureau, "/applications/"),
                "unit_list": (unit, "/applications/"),
                "detail": (bureau, f"/applications/{sample.pk}/"),
            }
            for name, (client, url) in pages.items():
                result[f"queries_{name}_at_100"] = _queries(client, url)
            _seed(size - 100, call, orgs, officer)
            for name, (client, url) in pages.items():
                result[f"queries_{name}_at_{size}"] = _queries(client, url)
            from . import views

            anonymous = Client(HTTP_HOST="localhost")
            measured = {
                "bare_view": (anonymous, "/applications/bench/bare/", None),
                # The same bare view with the officer's session: what every signed-in page pays
                # before its own work (session, user, second factor), so the page's own cost shows.
                "bare_view_signed_in": (bureau, "/applications/bench/bare/", None),
                **{name: (client, url, None) for name, (client, url) in pages.items()},
                # The detail page when nothing of it was rendered before (every view after a change).
                "detail_rendered_afresh": (bureau, pages["detail"][1], views._BODIES.clear),
            }
            # Interleaved rounds, medians: this machine's speed drifts by a third within a minute,
            # so each page is compared with the bare view measured right beside it.
            rounds: dict[str, list[float]] = {name: [] for name in measured}
            for _round in range(ROUNDS):
                for name, (client, url, before) in measured.items():
                    rounds[name].append(_rate(client, url, seconds / ROUNDS, before))
            result["rounds"] = ROUNDS
            for name, rates in rounds.items():
                result[f"{name}_per_second"] = round(statistics.median(rates), 1)
            for name in [*pages, "detail_rendered_afresh"]:
                for base, label in (
                    ("bare_view", "bare_view"),
                    ("bare_view_signed_in", "signed_in_bare_view"),
                ):
                    ratios = [page / bare for page, bare in zip(rounds[name], rounds[base], strict=True)]
                    result[f"{name}_ratio_to_{label}"] = round(statistics.median(ratios), 4)
            result["queries_identical"] = all(
                result[f"queries_{n}_at_100"] == result[f"queries_{n}_at_{size}"] for n in pages
            )
            raise _Rollback
    except _Rollback:
        pass
    return result
