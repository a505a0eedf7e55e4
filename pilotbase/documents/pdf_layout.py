"""Filled templates and dossiers laid out as PDF by WeasyPrint (Pango shapes the text; the CJK
OpenType fonts are subset and embedded). Nothing is fetched: every URL is refused."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from .templating import Filled

CSS = (Path(__file__).parent / "pdf" / "official.css").read_text(encoding="utf-8")


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"PDF rendering does not fetch {url}")


def html_to_pdf(html: str) -> bytes:
    import weasyprint  # imported here: loading Pango costs time that most requests do not need

    return weasyprint.HTML(string=html, url_fetcher=_no_fetch, base_url="/").write_pdf(
        presentational_hints=True
    )


def build(filled: Filled) -> bytes:
    lines = list(filled.signature)
    signature = []
    name_offset = 4.0
    if lines:
        date = lines[-1]
        for name in lines[:-1]:
            name_offset = max(0.0, 4 + (len(date) - len(name)) / 2)
            signature.append({"text": name, "cls": "sig-name"})
        signature.append({"text": date, "cls": "sig-date"})
    html = render_to_string(
        "documents/official_pdf.html",
        {"doc": filled, "css": CSS, "signature": signature, "name_offset": f"{name_offset:.2f}"},
    )
    return html_to_pdf(html)
