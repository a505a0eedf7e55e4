"""Filed pilot bases (Art. 8(三)) and the misconduct register (Art. 7(二), 10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PilotBase(models.Model):
    """中试基地: an application that the bureau filed by an official document."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("正常")
        UNDER_EVALUATION = "under_evaluation", _("绩效评价中")
        RECTIFYING = "rectifying", _("限期整改中")
        REVOKED = "revoked", _("已撤销备案")
        WITHDRAWN = "withdrawn", _("已主动取消")

    name = models.CharField(_("基地名称"), max_length=200)
    filing_number = models.CharField(_("备案编号"), max_length=32, unique=True)
    filed_on = models.DateField(_("备案日期"))
    document_number = models.CharField(_("备案发文字号"), max_length=64)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("建设运营单位"),
        on_delete=models.PROTECT,
        related_name="pilot_bases",
    )
    host_unit = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("依托单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_pilot_bases",
    )
    recommending_unit = models.ForeignKey(
        "accounts.RecommendingUnit",
        verbose_name=_("推荐单位"),
        on_delete=models.PROTECT,
        related_name="pilot_bases",
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    industry_chains = models.JSONField(_("产业链"), default=list, blank=True)
    description = models.TextField(_("基地简介"), blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    source_application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("来源申报"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pilot_base",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filing_number"]
        verbose_name = _("中试基地")
        verbose_name_plural = _("中试基地")

    def __str__(self) -> str:
        return f"{self.filing_number} {self.name}"


class MisconductRecord(models.Model):
    """科研失信行为记录: an organisation in its penalty period cannot apply (Art. 7(二))."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="misconduct_records",
    )
    penalty_from = models.DateField(_("惩戒起始日"))
    penalty_until = models.DateField(_("惩戒截止日"))
    reason = models.TextField(_("失信行为"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-penalty_from"]
        verbose_name = _("科研失信行为记录")
        verbose_name_plural = _("科研失信行为记录")

    def __str__(self) -> str:
        return f"{self.organisation} {self.penalty_from}–{self.penalty_until}"
