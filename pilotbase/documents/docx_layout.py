"""A filled template laid out as a Word document following GB/T 9704-2012.

A4; margins 37 mm top, 28 mm left, 26 mm right, 35 mm bottom (type area 156 × 225 mm); exact line
spacing 28.95 pt gives 22 lines; East Asian font names are set through ``w:eastAsia`` because that
is the attribute Word reads for Chinese characters."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .templating import Filled, Table

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
LINE_PT = 28.95  # 225 mm / 22 lines
# 156 mm holds 27 characters of 16 pt; tightening each by 0.25 pt gives the standard's 28.
CHAR_SPACING_TWIPS = -5
RED = RGBColor(0xE6, 0x00, 0x12)

HEADING_FONTS = {"h1": HEITI, "h2": KAITI, "h3": FANGSONG, "h4": FANGSONG}


def _font(run, east_asia: str, size_pt: float, *, bold: bool = False, color=None) -> None:
    run.font.name = LATIN
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    rpr.append(spacing)


def _exact(paragraph, line_pt: float = LINE_PT) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _para(
    doc,
    text: str,
    font: str,
    size: float = BODY_PT,
    *,
    align=None,
    indent_chars: float = 0,
    right_indent_pt: float = 0,
    color=None,
):
    p = doc.add_paragraph()
    _exact(p)
    if align is not None:
        p.alignment = align
    if indent_chars:
        p.paragraph_format.first_line_indent = Pt(size * indent_chars)
    if right_indent_pt:
        p.paragraph_format.right_indent = Pt(right_indent_pt)
    if text:
        _font(p.add_run(text), font, size, color=color)
    return p


def _red_rule(doc) -> None:
    p = doc.add_paragraph()
    _exact(p, 8)
    ppr = p._element.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "1"), ("color", "E60012")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    ppr.append(border)


def _page_field(paragraph) -> None:
    """ "— N —": the page number is a PAGE field so Word renumbers it."""

    def run_with(element):
        run = paragraph.add_run()
        _font(run, SONGTI, PAGE_NUMBER_PT)
        run._element.append(element)
        return run

    _font(paragraph.add_run("— "), SONGTI, PAGE_NUMBER_PT)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    _font(paragraph.add_run("1"), SONGTI, PAGE_NUMBER_PT)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)
    _font(paragraph.add_run(" —"), SONGTI, PAGE_NUMBER_PT)


def _table(doc, table: Table) -> None:
    t = doc.add_table(rows=1, cols=len(table.headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = table.widths or [1] * len(table.headers)
    total = sum(widths)
    for i, header in enumerate(table.headers):
        cell = t.rows[0].cells[i]
        cell.width = Mm(156 * widths[i] / total)
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _exact(p, 22)
        _font(p.add_run(header), HEITI, PAGE_NUMBER_PT)
    # repeat the header row on every page the table runs to
    trpr = t.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    trpr.append(repeat)
    for row in table.rows:
        cells = t.add_row().cells
        for i, value in enumerate(row):
            cells[i].width = Mm(156 * widths[i] / total)
            p = cells[i].paragraphs[0]
            _exact(p, 22)
            if i == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(p.add_run(str(value)), FANGSONG, PAGE_NUMBER_PT)


def build(filled: Filled) -> bytes:
    doc = Document()
    doc.core_properties.title = filled.title
    doc.core_properties.author = "新疆生产建设兵团科学技术局"
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)

    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # page number 7 mm below the type area: 297 - 262 - 7 - one 4号 line ≈ 23 mm from the edge
    section.footer_distance = Mm(23)
    section.header_distance = Mm(15)
    doc.settings.odd_and_even_pages_header_footer = True

    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)  # one character in
    _page_field(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
    _page_field(even)

    # python-docx starts with one empty paragraph; lay out from it onwards
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    if filled.letterhead:
        p = _para(doc, filled.letterhead, XIAOBIAOSONG, 26, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
        _exact(p, 48)
        _para(doc, "", FANGSONG)
        _para(doc, "", FANGSONG)
    if filled.number:
        _para(doc, filled.number, FANGSONG, align=WD_ALIGN_PARAGRAPH.CENTER)
    if filled.letterhead:
        _red_rule(doc)
        _para(doc, "", FANGSONG)
    _para(doc, filled.title, XIAOBIAOSONG, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "", FANGSONG)  # 标题下空一行

    for block in filled.blocks:
        if block.kind == "table":
            _table(doc, block.table)
            _para(doc, "", FANGSONG)
        elif block.kind == "flush":
            _para(doc, block.text, FANGSONG, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        elif block.kind in HEADING_FONTS:
            _para(
                doc, block.text, HEADING_FONTS[block.kind], indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY
            )
        else:
            _para(doc, block.text, FANGSONG, indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    if filled.signature:
        _para(doc, "", FANGSONG)
        *names, date = filled.signature if len(filled.signature) > 1 else ["", *filled.signature]
        # 成文日期右空四字; the issuer's name is centred over the date
        for name in names:
            if name:
                offset = max(0.0, 4 + (len(date) - len(name)) / 2)
                _para(doc, name, FANGSONG, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_pt=BODY_PT * offset)
        _para(doc, date, FANGSONG, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_pt=BODY_PT * 4)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
