"""Downloads of official documents, dossiers and spreadsheets; the statistics page; template editing."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from pilotbase.accounts.permissions import NotVisible, Refused, can_manage_system, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.applications.permissions import get_application_for

from . import dashboards, dossier, services, sources, spreadsheets
from .templating import KINDS, TEXT_FIELDS

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _attachment(content: bytes, stem: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{stem}.{fmt}')}"
    response["Cache-Control"] = "private, no-store"
    return response


def _document(request, kind: str, pk: int, fmt: str) -> HttpResponse:
    context, stem = sources.SOURCES[kind](request.user, pk)
    render_one = services.render_docx if fmt == "docx" else services.render_pdf
    return _attachment(render_one(kind, context), stem, fmt)


@require_GET
def document_download(request, kind: str, pk: int, fmt: str):
    """Bureau documents, each fetched through its app's permission helper (404 when not visible)."""
    if kind not in sources.SOURCES or KINDS[kind].public:
        raise NotVisible("document", pk)
    return _document(request, kind, pk, fmt)


@login_not_required
@require_GET
def public_notice_download(request, pk: int, fmt: str):
    """The text of a public notice (公示) is public, like the notice itself."""
    return _document(request, sources.notice_kind(pk), pk, fmt)


@require_GET
def dossier_download(request, pk: int):
    application = get_application_for(request.user, pk)
    return _attachment(dossier.build(application), f"申报材料-{application.pk}", "pdf")


@require_GET
def export_list(request):
    exports = spreadsheets.available(request.user)
    if not exports:
        raise Refused("您的角色不能导出数据")
    return render(request, "documents/export_list.html", {"exports": exports})


@require_GET
def export_download(request, name: str):
    if name not in spreadsheets.EXPORTS:
        raise NotVisible("export", name)
    handle, _rows = spreadsheets.export_to_file(name, by=request.user, params=request.GET)
    label = spreadsheets.EXPORTS[name].label
    # FileResponse streams the temporary file in blocks and closes it when done
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{label}.xlsx",
        content_type=CONTENT_TYPES["xlsx"],
    )


@require_GET
def dashboard(request):
    require(dashboards.may_see(request.user), "只有兵团科技局和推荐单位可以查看统计")
    figures = dashboards.figures(request.user)
    return render(
        request,
        "documents/dashboard.html",
        {
            "figures": figures,
            "applications": figures["applications"],
            "by_unit": list(
                zip(figures["bases_by_unit"]["labels"], figures["bases_by_unit"]["values"], strict=True)
            ),
            "by_chain": list(
                zip(figures["bases_by_chain"]["labels"], figures["bases_by_chain"]["values"], strict=True)
            ),
            "exports": spreadsheets.available(request.user),
        },
    )


@require_GET
def template_list(request):
    require(can_manage_system(request.user), "只有系统管理员可以管理公文模板")
    texts = [(kind, spec, services.template_texts(kind)) for kind, spec in KINDS.items()]
    return render(request, "documents/template_list.html", {"templates": texts})


@require_http_methods(["GET", "POST"])
def template_edit(request, kind: str):
    require(can_manage_system(request.user), "只有系统管理员可以管理公文模板")
    if kind not in KINDS:
        raise NotVisible("template", kind)
    from .models import DocumentTemplate

    stored = DocumentTemplate.objects.filter(kind=kind).first()
    texts = services.template_texts(kind)
    error = None
    status = 200
    if request.method == "POST":
        texts = {name: request.POST.get(name, "") for name in TEXT_FIELDS}
        try:
            version = int(request.POST.get("version") or 0) or None
        except ValueError:
            version = None
        try:
            services.update_template(kind, texts=texts, expected_version=version, by=request.user)
        except InvalidInput as exc:
            error = exc
            status = 422
        else:
            from django.contrib import messages

            messages.success(request, "公文模板已保存")
            return redirect("documents:template_edit", kind=kind)
    return render(
        request,
        "documents/template_edit.html",
        {
            "kind": kind,
            "spec": KINDS[kind],
            "texts": texts,
            "version": stored.version if stored else "",
            "error": error,
            "fields": [
                ("letterhead", "发文机关标志（版头）", False),
                ("number_line", "发文字号行", False),
                ("title", "标题", False),
                ("body", "正文", True),
                ("signature", "署名与成文日期（每行一项）", True),
            ],
        },
        status=status,
    )


@require_GET
def template_preview(request, kind: str, fmt: str):
    """The stored words filled with sample facts, to see the layout before it is used."""
    require(can_manage_system(request.user), "只有系统管理员可以管理公文模板")
    if kind not in KINDS:
        raise NotVisible("template", kind)
    from .samples import sample_context

    context = sample_context(kind)
    render_one = services.render_docx if fmt == "docx" else services.render_pdf
    return _attachment(render_one(kind, context), f"样张-{KINDS[kind].label}", fmt)
