"""Official document templates (GB/T 9704-2012): the words are the administrator's, the layout is code."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DocumentTemplate(models.Model):
    """The text of one kind of document, with placeholders such as ``{{ 发文字号 }}``.

    Layout (page, fonts, page numbers) is fixed by the standard and lives in ``layout``; only the
    words are editable, so an administrator cannot break the format."""

    kind = models.CharField(_("文种"), max_length=40, unique=True)
    letterhead = models.CharField(
        _("发文机关标志"), max_length=100, blank=True, help_text=_("留空则不印版头（如公示）")
    )
    number_line = models.CharField(_("发文字号行"), max_length=100, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"))
    signature = models.TextField(_("署名与成文日期"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("公文模板")
        verbose_name_plural = _("公文模板")

    def __str__(self) -> str:
        from .templating import KINDS

        spec = KINDS.get(self.kind)
        return str(spec.label) if spec else self.kind

    def get_absolute_url(self) -> str:
        return reverse("documents:template_edit", args=[self.kind])
