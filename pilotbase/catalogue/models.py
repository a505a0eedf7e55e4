"""The service catalogue (中试服务清单, Art. 7(七)), demands and engagements (供需对接, Art. 11),
practice cases (经验做法, Art. 11) and investment interest (Art. 13).

The pure search core (``search.py``, ``matching.py``) knows nothing of these models: ``services.py``
feeds it the published services of filed bases and keeps it in step through ``SearchVersion``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .vocabulary import KINDS

KIND_CHOICES = list(KINDS.items())


class PilotService(models.Model):
    """One entry of a base's service catalogue (spec/catalogue.md)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤下")

    base = models.ForeignKey(
        "bases.PilotBase", verbose_name=_("中试基地"), on_delete=models.PROTECT, related_name="services"
    )
    ref = models.CharField(_("服务编号"), max_length=40)
    title = models.CharField(_("服务名称"), max_length=200)
    kinds = models.JSONField(_("服务类型"), default=list)
    industry_chains = models.JSONField(_("产业链"), default=list, blank=True)
    description = models.TextField(_("服务内容"), blank=True)
    equipment = models.JSONField(_("主要设备"), default=list, blank=True)
    capacity = models.CharField(_("服务能力"), max_length=200, blank=True)
    lead_time_days = models.PositiveIntegerField(_("服务周期（天）"), null=True, blank=True)
    fee = models.CharField(_("收费标准"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["base__filing_number", "ref"]
        constraints = [models.UniqueConstraint(fields=["base", "ref"], name="service_ref_unique_in_base")]
        indexes = [models.Index(fields=["status"])]
        verbose_name = _("中试服务")
        verbose_name_plural = _("中试服务")

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:service_edit", args=[self.pk])

    @property
    def kind_labels(self) -> list[str]:
        return [KINDS.get(k, k) for k in self.kinds]


class SearchVersion(models.Model):
    """One row: incremented in the same transaction as every change that alters search results, so
    each process rebuilds its in-memory index when the number it built from is out of date."""

    version = models.PositiveBigIntegerField(default=0)
    # a fresh random token at every bump: a rolled-back transaction can reuse a number, not a token
    token = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("检索索引版本")

    def __str__(self) -> str:
        return f"v{self.version}"


class SynonymList(models.Model):
    """The synonym table as an administrator edits it (one group per line, terms separated by /).
    Empty text means the package's ``synonyms.txt``."""

    text = models.TextField(_("同义词表"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("同义词表")

    def __str__(self) -> str:
        return "同义词表"


class BaseProfile(models.Model):
    """What a base says about itself on the portal beyond its filing record (Art. 11, 13)."""

    base = models.OneToOneField("bases.PilotBase", on_delete=models.CASCADE, related_name="portal_profile")
    welcomes_investment = models.BooleanField(_("欢迎社会资本投资"), default=False)
    investment_note = models.TextField(_("投资合作意向说明"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("基地门户信息")

    def __str__(self) -> str:
        return f"门户信息 {self.base_id}"


class InvestmentEnquiry(models.Model):
    """Art. 13: an investor's message to a base that welcomes investment."""

    base = models.ForeignKey("bases.PilotBase", on_delete=models.PROTECT, related_name="investment_enquiries")
    name = models.CharField(_("联系人"), max_length=50)
    organisation = models.CharField(_("单位"), max_length=200, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100)
    message = models.TextField(_("投资意向"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("投资意向")

    def __str__(self) -> str:
        return f"{self.organisation or self.name} → {self.base_id}"


class PracticeCase(models.Model):
    """经验做法 (Art. 11): a replicable experience the bureau publishes for promotion."""

    title = models.CharField(_("标题"), max_length=200)
    base = models.ForeignKey(
        "bases.PilotBase",
        verbose_name=_("相关中试基地"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_cases",
    )
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = models.TextField(_("正文"))
    published = models.BooleanField(_("已发布"), default=False)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("经验做法")
        verbose_name_plural = _("经验做法")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:case_detail", args=[self.pk])


class Demand(models.Model):
    """中试需求: what an enterprise needs, posted to be matched with the catalogue (Art. 11)."""

    class Status(models.TextChoices):
        OPEN = "open", _("对接中")
        CLOSED = "closed", _("已关闭")

    class ClosedReason(models.TextChoices):
        FULFILLED = "fulfilled", _("需求已满足")
        NOT_NEEDED = "not_needed", _("不再需要")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("需求企业"), on_delete=models.PROTECT, related_name="demands"
    )
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="demands")
    title = models.CharField(_("需求名称"), max_length=200)
    text = models.TextField(_("需求描述"))
    industry_chains = models.JSONField(_("产业链"), default=list, blank=True)
    kinds = models.JSONField(_("服务类型"), default=list, blank=True)
    budget_yuan = models.DecimalField(_("预算（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    needed_by = models.DateField(_("期望完成日期"), null=True, blank=True)
    division = models.CharField(_("所在地区"), max_length=64, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=30)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_reason = models.CharField(_("关闭原因"), max_length=20, choices=ClosedReason.choices, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("中试需求")
        verbose_name_plural = _("中试需求")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:demand_detail", args=[self.pk])


class Engagement(models.Model):
    """供需对接: one demand put to one base, followed to its outcome. Moves: ``services.MOVES``."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("待基地答复")
        ACCEPTED = "accepted", _("基地已接受")
        DECLINED = "declined", _("基地已婉拒")
        AGREED = "agreed", _("已达成合作")
        COMPLETED = "completed", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="engagements")
    base = models.ForeignKey("bases.PilotBase", on_delete=models.PROTECT, related_name="engagements")
    service = models.ForeignKey(
        PilotService, on_delete=models.PROTECT, null=True, blank=True, related_name="engagements"
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    message = models.TextField(_("对接说明"), blank=True)
    answer = models.TextField(_("基地答复"), blank=True)
    outcome = models.TextField(_("对接结果"), blank=True)
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [models.UniqueConstraint(fields=["demand", "base"], name="engagement_once_per_base")]
        verbose_name = _("供需对接")
        verbose_name_plural = _("供需对接")

    def __str__(self) -> str:
        return f"{self.demand} → {self.base.name}"

    def get_absolute_url(self) -> str:
        return reverse("catalogue:engagement_detail", args=[self.pk])
