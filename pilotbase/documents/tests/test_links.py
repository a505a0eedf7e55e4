"""The documents are reachable from the pages people use: each link answers with the document."""

import pytest

from pilotbase.applications import demo as filing_demo
from pilotbase.applications.models import Application, Call, FilingBatch
from pilotbase.notices.models import PublicNotice


@pytest.fixture
def filed_world(world, settings):
    filing_demo.build(world.__dict__)
    return world


def follow(client, page_url, link_id):
    import re

    html = client.get(page_url).content.decode()
    block = re.search(rf'id="{link_id}"[^>]*>(.*?)</(?:p|div)>', html, re.S) or re.search(
        rf'<a[^>]*id="{link_id}"[^>]*href="([^"]+)"', html
    )
    assert block, f"no {link_id} on {page_url}"
    href = re.search(r'href="([^"]+\.pdf)"', block.group(0)).group(1)
    response = client.get(href)
    assert response.status_code == 200, href
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    return response


def test_applicant_prints_the_dossier_from_the_application_page(client, filed_world, login):
    application = (
        Application.objects.filter(organisation=filed_world.applicant_a.organisation)
        .exclude(status="draft")
        .first()
    )
    login(filed_world.applicant_a)
    follow(client, f"/applications/{application.pk}/", "dossier-link")


def test_call_notice_from_the_call_page(client, filed_world, login):
    login(filed_world.applicant_a)
    follow(client, f"/applications/calls/{Call.objects.first().pk}/", "call-document")


def test_anyone_downloads_the_public_notice_text(client, filed_world):
    follow(client, PublicNotice.objects.first().get_absolute_url(), "notice-document")


def test_officer_downloads_the_filing_notice_of_a_filed_batch(client, filed_world, login):
    batch = FilingBatch.objects.exclude(document_number="").first()
    login(filed_world.officer)
    follow(client, f"/applications/batches/{batch.pk}/", "filing-document")
