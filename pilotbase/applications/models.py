"""Calls, applications, materials and the filing workflow (Art. 8)."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# 发文字号 机关代字〔YYYY〕N号: 六角括号, no 第, no zero-padding (GB/T 9704-2012).
DOCUMENT_NUMBER = re.compile(r"^[\u4e00-\u9fff]{2,12}〔(19|20)\d{2}〕[1-9]\d*号$")


class Call(models.Model):
    """申报通知 (Art. 8(一)): applications are accepted while it is open."""

    title = models.CharField(_("通知标题"), max_length=200)
    document_number = models.CharField(_("发文字号"), max_length=64)
    text = models.TextField(_("通知正文"))
    opens_on = models.DateField(_("申报开始日"))
    closes_on = models.DateField(_("申报截止日"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("申报通知")
        verbose_name_plural = _("申报通知")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("applications:call_detail", args=[self.pk])

    def is_open(self, on) -> bool:
        return self.opens_on <= on <= self.closes_on


class PlatformBasis(models.TextChoices):
    """Art. 5: the innovation platforms a base may be built on (Corps level or above)."""

    KEY_LABORATORY = "key_laboratory", _("重点实验室")
    TECHNOLOGY_INNOVATION_CENTRE = "technology_innovation_centre", _("技术创新中心")
    ENGINEERING_RESEARCH_CENTRE = "engineering_research_centre", _("工程（技术）研究中心")
    ENTERPRISE_TECHNOLOGY_CENTRE = "enterprise_technology_centre", _("企业技术中心")
    NEW_RD_INSTITUTION = "new_rd_institution", _("新型研发机构")
    INNOVATION_CONSORTIUM = "innovation_consortium", _("创新联合体")
    TECHNOLOGY_TRANSFER_AGENCY = "technology_transfer_agency", _("技术转移服务机构")


class FilingBatch(models.Model):
    """择优分批布局 (Art. 8(三)): the applications of a call selected together, noticed and filed."""

    class Status(models.TextChoices):
        SELECTING = "selecting", _("择优遴选中")
        SELECTED = "selected", _("已遴选")
        ON_NOTICE = "on_notice", _("公示中")
        FILED = "filed", _("已发文备案")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="batches")
    name = models.CharField(_("批次名称"), max_length=100)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SELECTING)
    notice = models.ForeignKey(
        "notices.PublicNotice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document_number = models.CharField(_("备案发文字号"), max_length=64, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("备案批次")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("applications:batch_detail", args=[self.pk])


class Application(models.Model):
    """申报 (Art. 8): one base's request to be filed, with its eligibility facts and materials."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待初审")
        RETURNED = "returned", _("退回补正")
        NOT_RECOMMENDED = "not_recommended", _("未予推荐")
        RECOMMENDED = "recommended", _("已推荐，待形式审查")
        FORMAL_REVIEW = "formal_review", _("形式审查中")
        REJECTED = "rejected", _("审查未通过")
        EXPERT_EVALUATION = "expert_evaluation", _("专家评估论证中")
        EVALUATED = "evaluated", _("评估论证完成，待择优")
        NOT_SELECTED = "not_selected", _("本批次未入选")
        SELECTED = "selected", _("择优入选，待公示")
        ON_NOTICE = "on_notice", _("公示中")
        OBJECTION_UPHELD = "objection_upheld", _("公示异议成立")
        FILED = "filed", _("已备案")
        WITHDRAWN = "withdrawn", _("已撤回")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("申报单位"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    host_unit = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("依托单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_applications",
    )
    # Jurisdiction (Art. 6, 属地管理): the applicant organisation's recommending unit, copied from
    # the organisation when the application is created (never from input) so that a unit's list is
    # one index range instead of a join and a sort over every application of its organisations.
    recommending_unit = models.ForeignKey(
        "accounts.RecommendingUnit",
        verbose_name=_("推荐单位"),
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    call = models.ForeignKey(
        Call, verbose_name=_("申报通知"), on_delete=models.PROTECT, related_name="applications"
    )
    name = models.CharField(_("中试基地名称"), max_length=200, blank=True)
    description = models.TextField(_("基地简介"), blank=True)
    platform_basis = models.CharField(
        _("依托创新平台"), max_length=40, choices=PlatformBasis.choices, blank=True
    )
    platform_corps_level = models.BooleanField(_("平台为兵团级及以上"), null=True, blank=True)
    # Names of every co-builder (what experts' conflict checks and documents read); those given
    # with the credit code of a registered organisation are also linked to it.
    co_builders = models.JSONField(_("共建单位"), default=list, blank=True)
    co_builder_organisations = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("已登记的共建单位"),
        blank=True,
        related_name="co_built_applications",
    )
    service_list = models.JSONField(_("中试服务清单（草案）"), default=list, blank=True)
    # Exactly the input of spec/eligibility.md, so the rules engine evaluates it as it is.
    facts = models.JSONField(_("申报条件事实"), default=dict, blank=True)
    # Rows behind some facts: staff names, equipment with values, external projects.
    details = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Every write bumps it; a write against an older version is refused (stale tab, lost race).
    version = models.PositiveIntegerField(default=1)
    submitted_count = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    pledge_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pledge_signed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    recommendation_opinion = models.TextField(_("推荐意见"), blank=True)
    recommendation_order = models.PositiveIntegerField(_("推荐排序"), null=True, blank=True)
    formal_review_opinion = models.TextField(_("形式审查意见"), blank=True)
    # {check_id: {"status": "pass"|"fail", "reason": "...", "by": username, "at": iso}} by the officer
    check_reviews = models.JSONField(default=dict, blank=True)
    consolidated_score = models.DecimalField(
        _("专家综合评分"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    consolidated_opinion = models.TextField(_("专家综合意见"), blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    batch = models.ForeignKey(
        FilingBatch,
        verbose_name=_("备案批次"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        indexes = [
            models.Index(fields=["status", "-updated_at"]),
            models.Index(fields=["-updated_at", "-id"]),
            models.Index(fields=["recommending_unit", "-updated_at", "-id"]),
        ]

    def __str__(self) -> str:
        return self.name or f"申报 #{self.pk}"

    def save(self, *args, **kwargs):
        if self._state.adding and self.recommending_unit_id is None and self.organisation_id:
            self.recommending_unit_id = self.organisation.recommending_unit_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("applications:application_detail", args=[self.pk])


class ApplicationVersion(models.Model):
    """A snapshot of what the applicant submitted, kept for every submission (to compare revisions)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="application_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.application} 第{self.number}版"


class SiteVisit(models.Model):
    """现场核查 (Art. 8(二))."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="site_visits")
    visited_on = models.DateField(_("核查日期"))
    members = models.TextField(_("核查组成员"))
    checklist = models.JSONField(_("核查事项"), default=list, blank=True)
    findings = models.TextField(_("核查结论"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on"]

    def __str__(self) -> str:
        return f"{self.application} 现场核查 {self.visited_on}"


class Material(models.Model):
    """An uploaded file, stored under a generated name, never under a public URL."""

    class Kind(models.TextChoices):
        APPLICATION_FORM = "application_form", _("申请书")
        LEGAL_PERSON = "legal_person", _("独立法人资格证明")
        SITE = "site", _("中试场地条件证明")
        EQUIPMENT = "equipment", _("验证设备证明")
        EXTERNAL_SERVICE = "external_service", _("对外中试服务证明")
        TEAM = "team", _("人才队伍证明")
        SAFETY_ENV = "safety_env", _("安全、环保设施证明")
        MANAGEMENT_RULES = "management_rules", _("运营管理规章制度")
        OTHER = "other", _("其他证明材料")
        SITE_VISIT_PHOTO = "site_visit_photo", _("现场核查照片")
        SITE_VISIT_MINUTES = "site_visit_minutes", _("现场核查纪要（签字）")

    REQUIRED_KINDS = (
        Kind.APPLICATION_FORM,
        Kind.LEGAL_PERSON,
        Kind.SITE,
        Kind.EQUIPMENT,
        Kind.EXTERNAL_SERVICE,
        Kind.TEAM,
        Kind.SAFETY_ENV,
        Kind.MANAGEMENT_RULES,
    )
    APPLICANT_KINDS = (*REQUIRED_KINDS, Kind.OTHER)

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="materials")
    site_visit = models.ForeignKey(
        SiteVisit, on_delete=models.PROTECT, null=True, blank=True, related_name="materials"
    )
    kind = models.CharField(_("材料类别"), max_length=32, choices=Kind.choices)
    original_name = models.CharField(_("原文件名"), max_length=255)
    stored_name = models.CharField(max_length=100, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("applications:material_download", args=[self.pk])
