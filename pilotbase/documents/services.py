"""Rendering official documents (GB/T 9704-2012) and keeping their templates."""

from __future__ import annotations

from django.db import transaction

from pilotbase.accounts.models import User
from pilotbase.accounts.permissions import can_manage_system, require
from pilotbase.accounts.services import InvalidInput
from pilotbase.audit import services as audit

from . import docx_layout, pdf_layout, templating
from .models import DocumentTemplate
from .templating import KINDS, TEXT_FIELDS


def template_texts(kind: str) -> dict[str, str]:
    """The administrator's words for ``kind``, or the defaults when none are stored."""
    if kind not in KINDS:
        raise KeyError(kind)
    stored = DocumentTemplate.objects.filter(kind=kind).first()
    if stored is None:
        return dict(KINDS[kind].default)
    return {name: getattr(stored, name) for name in TEXT_FIELDS}


def fill(kind: str, context: dict) -> templating.Filled:
    context = {"发文机关": templating.BUREAU, **context}
    return templating.fill(kind, template_texts(kind), context)


def render_docx(kind: str, context: dict) -> bytes:
    return docx_layout.build(fill(kind, context))


def render_pdf(kind: str, context: dict) -> bytes:
    return pdf_layout.build(fill(kind, context))


def render(kind: str, context: dict) -> tuple[bytes, bytes]:
    """One document of ``kind`` with ``context`` filled in: (DOCX bytes, PDF bytes)."""
    filled = fill(kind, context)
    return docx_layout.build(filled), pdf_layout.build(filled)


@transaction.atomic
def update_template(kind: str, *, texts: dict[str, str], expected_version: int | None, by: User):
    """The system administrator changes a document's words; placeholders are checked first."""
    require(can_manage_system(by), "只有系统管理员可以修改公文模板")
    if kind not in KINDS:
        raise InvalidInput("kind", "没有这种公文")
    texts = {name: (texts.get(name) or "").replace("\r\n", "\n").strip() for name in TEXT_FIELDS}
    errors = templating.problems(kind, texts)
    if errors:
        field, message = next(iter(errors.items()))
        raise InvalidInput(field, message)
    template, created = DocumentTemplate.objects.select_for_update().get_or_create(
        kind=kind, defaults={**texts, "updated_by": by}
    )
    if not created:
        if expected_version is not None and template.version != expected_version:
            raise InvalidInput("version", "模板已被他人修改，请刷新后重试")
        before = {name: getattr(template, name) for name in TEXT_FIELDS}
        for name, value in texts.items():
            setattr(template, name, value)
        template.version += 1
        template.updated_by = by
        template.save()
        changed = {k: {"from": before[k], "to": texts[k]} for k in TEXT_FIELDS if before[k] != texts[k]}
    else:
        changed = {k: {"from": None, "to": v} for k, v in texts.items()}
    audit.record(template, "document_template_updated", by=by, data={"kind": kind, "changed": changed})
    return template
