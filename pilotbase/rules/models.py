"""The industry-chain vocabulary an administrator edits (spec/eligibility.md: labels, additions,
retirements). Article 7(一) names 兵团主导产业和重点产业链 without listing them, so this is data."""

from __future__ import annotations

from django.db import DatabaseError, models
from django.utils.translation import gettext_lazy as _

from .codes import INDUSTRY_CHAINS, Term, Vocabulary


class IndustryChain(models.Model):
    code = models.SlugField(_("代码"), max_length=64, primary_key=True)
    label = models.CharField(_("名称"), max_length=100)
    retired = models.BooleanField(
        _("已停用"), default=False, help_text=_("停用后旧申报仍可识别，新申报不再可选")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("产业链")

    def __str__(self) -> str:
        return self.label

    @classmethod
    def vocabulary(cls) -> Vocabulary:
        """The administrator's table; the spec's starting list where the table is empty or not yet
        migrated (a fresh CLI run against a new database)."""
        try:
            rows = list(cls.objects.values_list("code", "label", "retired"))
        except DatabaseError:
            return INDUSTRY_CHAINS
        if not rows:
            return INDUSTRY_CHAINS
        return Vocabulary(Term(code, label, retired) for code, label, retired in rows)
