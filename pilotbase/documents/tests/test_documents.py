"""Official documents: each kind opened as a Word file and a PDF and checked against GB/T 9704-2012;
templates edited by the system administrator; who may download what."""

from __future__ import annotations

import io
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from pilotbase.audit.models import AuditEvent
from pilotbase.documents import services
from pilotbase.documents.samples import sample_context
from pilotbase.documents.templating import KINDS, problems

A4 = (595.28, 841.89)


def east_asia_fonts(doc) -> set[str]:
    return {el.get(qn("w:eastAsia")) for el in doc.element.body.iter(qn("w:rFonts"))} - {None}


def pdf_fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    found = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font["/BaseFont"]), embedded))
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_renders_to_the_standard(kind):
    docx_bytes, pdf_bytes = services.render(kind, sample_context(kind))

    doc = Document(io.BytesIO(docx_bytes))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.right_margin.mm) == 26 and round(section.bottom_margin.mm) == 35
    # 156 × 225 mm type area
    assert abs((section.page_width - section.left_margin - section.right_margin) - Mm(156)) < Mm(0.5)
    text = "\n".join(p.text for p in doc.paragraphs)
    fonts = east_asia_fonts(doc)
    assert "方正小标宋简体" in fonts and "仿宋_GB2312" in fonts
    title = next(p for p in doc.paragraphs if p.text and p.runs[0].font.size and p.runs[0].font.size.pt == 22)
    assert title.alignment == 1  # centred
    body = next(p for p in doc.paragraphs if p.paragraph_format.first_line_indent)
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters of 3号
    assert round(body.paragraph_format.line_spacing.pt, 2) == 28.95
    if "发文字号" in KINDS[kind].placeholders:
        assert "兵科发〔2026〕5号" in text
    # odd and even footers carry a PAGE field, right and left
    assert doc.settings.odd_and_even_pages_header_footer
    assert "PAGE" in section.footer._element.xml and "PAGE" in section.even_page_footer._element.xml
    assert (
        section.footer.paragraphs[0].alignment == 2 and section.even_page_footer.paragraphs[0].alignment == 0
    )

    reader = PdfReader(io.BytesIO(pdf_bytes))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A4[0]) < 1 and abs(float(box.height) - A4[1]) < 1
    pdf_text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    filled_title = services.fill(kind, sample_context(kind)).title
    assert filled_title in pdf_text
    assert "—1—" in pdf_text
    fonts = pdf_fonts(reader)
    assert fonts and all(embedded for _name, embedded in fonts)


@pytest.mark.django_db
def test_heading_levels_take_their_fonts():
    doc = Document(
        io.BytesIO(services.render_docx("rectification_notice", sample_context("rectification_notice")))
    )
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    addressee = next(p for p in doc.paragraphs if p.text.endswith("："))
    assert not addressee.paragraph_format.first_line_indent  # 主送机关 flush left


@pytest.mark.django_db
def test_pdf_pages_rasterise(tmp_path):
    """poppler reads what WeasyPrint wrote (the picture itself was looked at by a person)."""
    pdf = services.render_pdf("filing_notice", sample_context("filing_notice"))
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page-*.png"))


def test_template_problems_name_the_field():
    spec = KINDS["filing_notice"]
    assert problems("filing_notice", spec.default) == {}
    bad = {**spec.default, "title": "关于{{ 不存在 }}的通知"}
    assert "不存在" in problems("filing_notice", bad)["title"]
    bad = {**spec.default, "body": "名单如下：{{ 基地名单 }}"}
    assert "单独占一行" in problems("filing_notice", bad)["body"]
    bad = {**spec.default, "body": "正文 {{ 发文字号 "}
    assert "花括号" in problems("filing_notice", bad)["body"]


def test_sysadmin_edits_a_template_and_the_document_follows(world, login, client):
    login(world.sysadmin)
    url = "/documents/templates/revocation_decision/"
    assert client.get(url).status_code == 200
    texts = dict(KINDS["revocation_decision"].default)
    texts["body"] = texts["body"].replace("经研究", "经局务会研究")
    response = client.post(url, {**texts, "version": "1"})
    assert response.status_code == 302
    assert (
        "经局务会研究"
        in services.fill("revocation_decision", sample_context("revocation_decision")).blocks[1].text
    )
    assert AuditEvent.objects.filter(action="document_template_updated").exists()

    response = client.post(url, {**texts, "title": "关于{{ 基地 }}的决定", "version": "2"})
    assert response.status_code == 422
    assert "未知的占位符" in response.content.decode()


def test_only_the_sysadmin_edits_templates(world, login, client):
    login(world.officer)
    assert client.get("/documents/templates/").status_code == 403
    assert client.post("/documents/templates/call_notice/", {"title": "x", "body": "y"}).status_code == 403


def test_call_notice_for_those_who_see_calls_only(world, login, client):
    from pilotbase.applications import demo

    call = demo.open_call(world.officer)
    login(world.applicant_a)
    response = client.get(f"/documents/call_notice/{call.pk}.docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    assert call.document_number in "\n".join(p.text for p in doc.paragraphs)
    assert client.get(f"/documents/filing_notice/{call.pk}.pdf").status_code == 404


def test_public_notice_text_is_public(world, client):
    from pilotbase.notices.models import PublicNotice

    notice = PublicNotice.objects.create(
        kind=PublicNotice.Kind.FILING,
        title="2026年第一批中试基地拟备案名单公示",
        starts_on="2026-06-01",
        ends_on="2026-06-05",
        published_by=world.officer,
    )
    response = client.get(f"/documents/notice/{notice.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "拟备案名单公示" in text.replace("\n", "")
    assert client.get("/documents/notice/999999.pdf").status_code == 404
    # the bureau's own documents are not public
    assert client.get(f"/documents/filing_public_notice/{notice.pk}.pdf").status_code in (302, 404)
