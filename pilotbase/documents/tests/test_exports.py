"""Spreadsheets, the application dossier and the statistics page, by persona."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pilotbase.audit.models import AuditEvent
from pilotbase.bases.models import PilotBase


def make_base(org, n: int) -> PilotBase:
    return PilotBase.objects.create(
        name=f"测试中试基地{n}",
        filing_number=f"BTZS-2026-{n:03d}",
        filed_on=dt.date(2026, 3, n),
        document_number="兵科发〔2026〕5号",
        organisation=org,
        recommending_unit=org.recommending_unit,
        industry_chains=["cotton_textile"],
        contact_name="张建华",
        contact_phone="13800000001",
    )


@pytest.fixture
def bases(world):
    orgs = world.organisations
    return [make_base(orgs["tianye"], 1), make_base(orgs["alar_cotton"], 2)]


def sheet(response):
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content)).active


def test_bases_export_has_headers_frozen_row_and_real_dates(world, bases, login, client):
    login(world.officer)
    response = client.get("/documents/exports/bases.xlsx")
    assert response.status_code == 200
    ws = sheet(response)
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["备案编号", "中试基地名称", "建设运营单位"] and "联系电话" in headers
    assert ws.freeze_panes == "A2"
    date_cell = ws.cell(row=2, column=headers.index("备案日期") + 1)
    assert isinstance(date_cell.value, dt.datetime) and date_cell.number_format == "yyyy-mm-dd"
    assert ws.max_row == 3
    # personal data: the export is on the audit trail with who and how many rows
    event = AuditEvent.objects.get(action="personal_data_exported")
    assert event.actor == world.officer and event.data["rows"] == 2


def test_reviewer_exports_only_their_jurisdiction(world, bases, login, client):
    login(world.reviewer_div1)  # alar_cotton is in division 1, tianye in division 8
    ws = sheet(client.get("/documents/exports/bases.xlsx"))
    names = [row[1] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert names == ["测试中试基地2"]


def test_expert_contacts_are_for_the_bureau_only(world, login, client):
    login(world.reviewer_div1)
    assert client.get("/documents/exports/experts.xlsx").status_code == 403
    assert not AuditEvent.objects.filter(action="personal_data_exported").exists()


def test_applications_export_respects_visibility_and_number_cells(world, login, client):
    from pilotbase.applications import demo, services

    call = demo.open_call(world.officer)
    app = demo.fill_and_upload(
        services.start_application(call, by=world.applicant_b), world.applicant_b, "南疆棉纺新材料中试基地"
    )
    login(world.applicant_a)
    ws = sheet(client.get("/documents/exports/applications.xlsx"))
    assert ws.max_row == 1  # applicant A sees nobody else's application
    client.logout()
    login(world.applicant_b)
    ws = sheet(client.get("/documents/exports/applications.xlsx"))
    row = next(ws.iter_rows(min_row=2, values_only=True))
    assert row[0] == app.pk and isinstance(row[0], int)


def test_applications_export_costs_the_same_queries_for_many_rows(world, login, client):
    """Rows are read with their organisation, recommending unit and call joined in: no query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pilotbase.applications import demo, services

    call = demo.open_call(world.officer)
    login(world.officer)

    def export_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            ws = sheet(client.get("/documents/exports/applications.xlsx"))
        return ws.max_row - 1, len(ctx.captured_queries)

    def add(n: int) -> None:
        for _ in range(n):
            app = services.start_application(call, by=world.applicant_b)
            app.status = "submitted"
            app.save()

    add(1)
    rows_few, queries_few = export_queries()
    add(5)
    rows_many, queries_many = export_queries()
    assert (rows_few, rows_many) == (1, 6)
    assert queries_many == queries_few
    ws = sheet(client.get("/documents/exports/applications.xlsx"))
    headers = [c.value for c in ws[1]]
    unit = ws.cell(row=2, column=headers.index("推荐单位") + 1).value
    assert unit == world.applicant_b.organisation.recommending_unit.name


def test_dossier_for_those_who_see_the_application(world, login, client, django_assert_max_num_queries):
    from pilotbase.applications import demo, services

    call = demo.open_call(world.officer)
    app = demo.fill_and_upload(
        services.start_application(call, by=world.applicant_b), world.applicant_b, "南疆棉纺新材料中试基地"
    )
    login(world.applicant_b)
    response = client.get(f"/documents/dossier/{app.pk}.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "").replace(" ", "")
    assert "南疆棉纺新材料中试基地" in text and "第七条申报条件核对" in text
    material = app.materials.first()
    assert material.sha256[:16] in text.replace("\n", "")
    client.logout()
    login(world.applicant_a)
    assert client.get(f"/documents/dossier/{app.pk}.pdf").status_code == 404


def test_dashboard_figures_match_the_tables(world, bases, login, client, django_assert_max_num_queries):
    login(world.officer)
    with django_assert_max_num_queries(20):
        response = client.get("/documents/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<script id="data-bases-unit" type="application/json">' in html
    assert "<script>" not in html and ' style="' not in html
    assert "dashboard.js" in html


def test_dashboard_of_a_recommending_unit_is_its_jurisdiction(world, bases, login, client):
    login(world.reviewer_div1)
    response = client.get("/documents/")
    assert response.status_code == 200
    by_unit = response.context["figures"]["bases_by_unit"]
    assert sum(by_unit["values"]) == 1


def test_applicants_have_no_dashboard(world, login, client):
    login(world.applicant_a)
    assert client.get("/documents/").status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    for url in ("/documents/", "/documents/exports/bases.xlsx", "/documents/dossier/1.pdf"):
        assert client.get(url).status_code == 302
