"""The application dossier: everything the applicant declared, the Article 7 checks and the list
of materials with their SHA-256, as one PDF to print and seal (Art. 8(一))."""

from __future__ import annotations

from django.template.loader import render_to_string

from pilotbase.applications import facts_form
from pilotbase.applications import services as application_services
from pilotbase.applications.models import Application
from pilotbase.operations import clock

from . import pdf_layout
from .templating import chinese_date

CHECK_STATUS = {
    "pass": "符合",
    "fail": "不符合",
    "manual": "待人工核实",
    "not_applicable": "不适用",
    "missing": "未填写",
}


def _shown(field: facts_form.Field, value) -> str:
    if value in ("", None, []):
        return "未填写"
    if field.kind == "bool":
        return "是" if value in ("1", True) else "否"
    if field.kind in ("multi", "choice") and field.choices:
        labels = dict((str(k), str(v)) for k, v in field.choices)
        values = value if isinstance(value, list) else [value]
        return "、".join(labels.get(str(v), str(v)) for v in values)
    return str(value)


def _rows(application: Application):
    values = facts_form.current_values(application)
    steps = []
    for step in facts_form.STEPS:
        fields = [(f.label, _shown(f, values.get(f.path))) for f in step.fields]
        rowsets = []
        for rowset in step.rows:
            rows = (application.details or {}).get(rowset.name) or []
            header = [label for _key, label, _kind, _choices in rowset.columns]
            body = []
            for row in rows:
                cells = []
                for key, _label, kind, choices in rowset.columns:
                    v = row.get(key)
                    if kind == "bool":
                        cells.append("是" if v else "否")
                    elif choices:
                        cells.append(dict((str(a), str(b)) for a, b in choices).get(str(v), str(v or "")))
                    else:
                        cells.append("" if v is None else str(v))
                body.append(cells)
            rowsets.append({"label": rowset.label, "header": header, "rows": body})
        steps.append({"title": step.title, "fields": fields, "rowsets": rowsets})
    return steps


def build(application: Application) -> bytes:
    checklist = application_services.checklist(application)
    checks = [
        {**c, "status_label": CHECK_STATUS.get(c["status"], c["status"])} for c in checklist.get("checks", [])
    ]
    materials = list(
        application.materials.filter(removed=False).select_related("site_visit").order_by("kind", "pk")
    )
    html = render_to_string(
        "documents/dossier_pdf.html",
        {
            "css": pdf_layout.CSS,
            "a": application,
            "steps": _rows(application),
            "checks": checks,
            "checklist_error": checklist.get("error", ""),
            "verdict": checklist.get("verdict", ""),
            "materials": materials,
            "printed_on": chinese_date(clock.today()),
            "submitted_on": chinese_date(application.submitted_at.date()) if application.submitted_at else "",
        },
    )
    return pdf_layout.html_to_pdf(html)
