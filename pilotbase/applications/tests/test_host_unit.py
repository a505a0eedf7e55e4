"""A base that relies on a host unit (依托单位, Art. 7(二)) and the organisations that build it
jointly (共建单位): picked among registered organisations by credit code, or registered."""

import pytest
from django.http import QueryDict

from pilotbase.accounts.demo import demo_credit_code
from pilotbase.accounts.models import Organisation
from pilotbase.accounts.services import InvalidInput
from pilotbase.applications import demo, services
from pilotbase.applications.models import Application

S = Application.Status
# A well-formed code with a correct check character that no demo organisation has.
NEW_CODE = demo_credit_code("a-new-host-unit")


def _post(data: dict) -> QueryDict:
    q = QueryDict(mutable=True)
    for k, v in data.items():
        q.setlist(k, v if isinstance(v, list) else [v])
    return q


def _save(app, user, data, *, register=False):
    return services.save_draft(
        app,
        step="basic",
        data=_post({"applicant.via_host_unit": "1", **data}),
        expected_version=app.version,
        by=user,
        register_host_unit=register,
    )


def test_host_unit_by_credit_code_sees_the_application_and_jurisdiction_stays(world, complete, login):
    tomato = Organisation.objects.get(credit_code=demo_credit_code("tumxuk_tomato"))
    app, errors = _save(
        complete,
        world.applicant_b,
        {"host_unit.credit_code": tomato.credit_code.lower(), "applicant.independent_accounting": "1"},
    )
    assert errors == {} and app.host_unit == tomato
    assert app.facts["applicant"]["independent_accounting"] is True
    assert world.applicant_c.notifications.filter(title__contains="依托单位").exists()
    services.submit(app, pledge=True, by=world.applicant_b)
    # The host unit's people see it as the applicant does, in pages and API.
    host = login(world.applicant_c)
    page = host.get(f"/applications/{app.pk}/")
    assert page.status_code == 200 and "已提交，推荐单位初审中" in page.content.decode()
    assert tomato.name in page.content.decode()
    assert [a["id"] for a in host.get("/api/v1/applications/").json()] == [app.pk]
    # The recommending unit is the applicant's (division 1), not the host unit's.
    assert login(world.reviewer_div1).get(f"/applications/{app.pk}/").status_code == 200
    assert login(world.reviewer_div8).get(f"/applications/{app.pk}/").status_code == 404
    assert world.reviewer_div1.notifications.filter(title__contains="待初审").exists()
    services.recommend(app, opinion="同意推荐", by=world.reviewer_div1)


def test_host_unit_by_exact_name(world, complete):
    tomato = Organisation.objects.get(credit_code=demo_credit_code("tumxuk_tomato"))
    app, errors = _save(complete, world.applicant_b, {"host_unit.name": tomato.name})
    assert errors == {} and app.host_unit == tomato
    app, errors = _save(app, world.applicant_b, {"host_unit.name": "不存在的单位"})
    assert "host_unit.credit_code" in errors and app.host_unit == tomato


def test_unknown_host_unit_is_registered_only_on_an_explicit_save(world, complete):
    app, errors = _save(
        complete, world.applicant_b, {"host_unit.credit_code": NEW_CODE, "host_unit.name": "石"}
    )
    assert "host_unit.name" in errors and app.host_unit is None
    assert not Organisation.objects.filter(credit_code=NEW_CODE).exists()
    app, errors = _save(
        app,
        world.applicant_b,
        {"host_unit.credit_code": NEW_CODE, "host_unit.name": "石河子新材料研究院有限公司"},
        register=True,
    )
    assert errors == {}
    assert app.host_unit.credit_code == NEW_CODE and app.host_unit.name == "石河子新材料研究院有限公司"
    assert app.organisation.recommending_unit.code == "division-1"


def test_bad_host_unit_codes_are_reported_and_nothing_registered(world, complete):
    before = Organisation.objects.count()
    for code, field in (
        ("91650000ABC", "host_unit.credit_code"),
        (NEW_CODE[:17] + ("0" if NEW_CODE[17] != "0" else "1"), "host_unit.credit_code"),
        (complete.organisation.credit_code, "host_unit.credit_code"),
    ):
        app, errors = _save(
            complete,
            world.applicant_b,
            {"host_unit.credit_code": code, "host_unit.name": "某单位"},
            register=True,
        )
        assert field in errors, (code, errors)
        complete = app
    assert Organisation.objects.count() == before


def test_submission_via_host_unit_needs_the_host_unit(world, complete):
    app, _ = _save(complete, world.applicant_b, {})
    with pytest.raises(InvalidInput) as exc:
        services.submit(app, pledge=True, by=world.applicant_b)
    assert exc.value.field == "host_unit"


def test_not_via_host_unit_clears_it(world, complete):
    tomato = Organisation.objects.get(credit_code=demo_credit_code("tumxuk_tomato"))
    app, _ = _save(complete, world.applicant_b, {"host_unit.credit_code": tomato.credit_code})
    app, _ = services.save_draft(
        app,
        step="basic",
        data=_post({"applicant.via_host_unit": "0", "host_unit.credit_code": tomato.credit_code}),
        expected_version=app.version,
        by=world.applicant_b,
    )
    assert app.host_unit is None


def test_co_builders_link_registered_organisations_and_keep_other_names(world, call, login):
    shzu = Organisation.objects.get(credit_code=demo_credit_code("shzu_lab"))
    app = services.start_application(call, by=world.applicant_b)
    app, errors = services.save_draft(
        app,
        step="basic",
        data=_post(
            {
                "app.co_builders": f"石河子大学 {shzu.credit_code}\n某县农业技术推广站\n坏代码 91650000ABCDEFGHJK"
            }
        ),
        expected_version=app.version,
        by=world.applicant_b,
    )
    assert app.co_builders == [shzu.name, "某县农业技术推广站", "坏代码 91650000ABCDEFGHJK"]
    assert list(app.co_builder_organisations.all()) == [shzu]
    assert list(errors) == ["app.co_builders[2]"]
    # The form shows the code again, so saving the step once more keeps the link.
    page = login(world.applicant_b).get(f"/applications/{app.pk}/edit/basic/").content.decode()
    assert f"{shzu.name} {shzu.credit_code}" in page
    assert list(shzu.co_built_applications.all()) == [app]


def test_demo_applications_still_walk(world, call):
    app = demo.fill_and_upload(
        services.start_application(call, by=world.applicant_b), world.applicant_b, "基地"
    )
    assert services.submit(app, pledge=True, by=world.applicant_b).status == S.SUBMITTED
