"""Life of a filed base (Art. 9, 10, 12): evaluation campaigns, evaluations, rectification,
revocations and support. Kept here (not in ``bases``) so this app owns its migrations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The self-evaluation indicators (Art. 9(一)); revenue is in yuan, the others are counts.
INDICATORS = [
    ("pilot_projects", _("完成中试项目数（项）"), "int"),
    ("services_delivered", _("提供中试服务次数（次）"), "int"),
    ("enterprises_served", _("服务企业数（家）"), "int"),
    ("open_sharing_hours", _("设备开放共享时长（小时）"), "int"),
    ("incubated_enterprises", _("孵化企业数（家）"), "int"),
    ("revenue_yuan", _("中试服务收入（元）"), "decimal"),
    ("staff", _("专职人员数（人）"), "int"),
]


class EvaluationCampaign(models.Model):
    """绩效评价 campaign: the bureau evaluates every base three years after filing or its last evaluation."""

    title = models.CharField(_("标题"), max_length=200)
    notice_text = models.TextField(_("通知内容"), blank=True)
    as_of = models.DateField(_("评价基准日"))
    report_deadline = models.DateField(_("自评报告截止日"))
    indicator_set = models.JSONField(_("评价指标"), default=list)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("绩效评价批次")
        verbose_name_plural = _("绩效评价批次")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluations:campaign_detail", args=[self.pk])


class Evaluation(models.Model):
    class Status(models.TextChoices):
        AWAITING_REPORT = "awaiting_report", _("待提交自评报告")
        SUBMITTED = "submitted", _("待推荐单位审核")
        FORWARDED = "forwarded", _("待评定等次")
        GRADED = "graded", _("已评定，待公示")
        ON_NOTICE = "on_notice", _("结果公示中")
        FILED = "filed", _("结果已备案")
        EXCUSED = "excused", _("已免于本次评价")

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        QUALIFIED = "qualified", _("合格")
        UNQUALIFIED = "unqualified", _("不合格")

    campaign = models.ForeignKey(EvaluationCampaign, on_delete=models.PROTECT, related_name="evaluations")
    base = models.ForeignKey("bases.PilotBase", on_delete=models.PROTECT, related_name="evaluations")
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.AWAITING_REPORT
    )
    # Why the bureau added a base that was not due, or excused one that was.
    added_reason = models.TextField(_("增列理由"), blank=True)
    excused_reason = models.TextField(_("免评理由"), blank=True)
    indicators = models.JSONField(_("自评指标"), default=dict, blank=True)
    self_report = models.TextField(_("自评报告"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    authenticity_opinion = models.TextField(_("真实性审核意见"), blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受托评价机构"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entrusted_evaluations",
    )
    review_opinion = models.TextField(_("评价意见"), blank=True)
    grade = models.CharField(_("评价等次"), max_length=20, choices=Grade.choices, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notice = models.ForeignKey(
        "notices.PublicNotice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result_document_number = models.CharField(_("结果发文字号"), max_length=64, blank=True)
    result_on = models.DateField(_("结果备案日"), null=True, blank=True)
    # Set by ``pilotbase tick`` when the report deadline passed without a report: the bureau decides.
    no_participation_flagged_on = models.DateField(_("未参加评价标记日"), null=True, blank=True)
    is_reevaluation = models.BooleanField(_("整改后复评"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["base__filing_number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "base"], name="evaluation_once_per_campaign")
        ]
        verbose_name = _("绩效评价")
        verbose_name_plural = _("绩效评价")

    def __str__(self) -> str:
        return f"{self.campaign} / {self.base.name}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:evaluation_detail", args=[self.pk])


class Rectification(models.Model):
    """限期整改: one year from an unqualified result (Art. 9)."""

    class Status(models.TextChoices):
        OPEN = "open", _("整改中")
        PLAN_SUBMITTED = "plan_submitted", _("已提交整改方案")
        REPORT_SUBMITTED = "report_submitted", _("已提交整改报告，待复评")
        DUE = "due", _("整改期满，待复评")
        PASSED = "passed", _("复评合格")
        FAILED = "failed", _("复评不合格")

    OPEN_STATUSES = (Status.OPEN, Status.PLAN_SUBMITTED, Status.REPORT_SUBMITTED, Status.DUE)

    evaluation = models.OneToOneField(Evaluation, on_delete=models.PROTECT, related_name="rectification")
    base = models.ForeignKey("bases.PilotBase", on_delete=models.PROTECT, related_name="rectifications")
    deadline = models.DateField(_("整改期限"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    plan = models.TextField(_("整改方案"), blank=True)
    report = models.TextField(_("整改报告"), blank=True)
    reevaluation_opinion = models.TextField(_("复评意见"), blank=True)
    # 整改后复评: a real evaluation (indicators, evidence, opinion, grade, notice) in its own campaign.
    reevaluation = models.OneToOneField(
        Evaluation,
        verbose_name=_("整改后复评"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reevaluation_of",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("限期整改")
        verbose_name_plural = _("限期整改")

    def __str__(self) -> str:
        return f"{self.base.name} 整改至 {self.deadline}"


class Revocation(models.Model):
    """撤销备案资格 (Art. 9, 10): a decision with a typed reason; the base's history stays."""

    class Reason(models.TextChoices):
        RECTIFICATION_FAILED = "rectification_failed", _("整改后复评仍不合格")
        RECTIFICATION_REFUSED = "rectification_refused", _("拒不整改")
        NO_PARTICIPATION = "no_participation", _("无故不参加绩效评价")
        WITHDRAWAL_REQUESTED = "withdrawal_requested", _("基地主动申请取消")
        FALSE_MATERIALS = "false_materials", _("提供虚假材料")

    base = models.OneToOneField("bases.PilotBase", on_delete=models.PROTECT, related_name="revocation")
    reason = models.CharField(_("撤销理由"), max_length=30, choices=Reason.choices)
    decided_on = models.DateField(_("决定日期"))
    document_number = models.CharField(_("发文字号"), max_length=64)
    evidence = models.TextField(_("事实与证据"))
    misconduct = models.ForeignKey(
        "bases.MisconductRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("撤销备案决定")
        verbose_name_plural = _("撤销备案决定")

    def __str__(self) -> str:
        return f"{self.base.name} {self.get_reason_display()}"


class SupportRecord(models.Model):
    """支持政策 (Art. 12): what an excellent base received."""

    base = models.ForeignKey("bases.PilotBase", on_delete=models.PROTECT, related_name="support_records")
    kind = models.CharField(_("支持方式"), max_length=100)
    amount_yuan = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    granted_on = models.DateField(_("日期"))
    document_number = models.CharField(_("文件"), max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-granted_on", "-pk"]
        verbose_name = _("支持记录")
        verbose_name_plural = _("支持记录")

    def __str__(self) -> str:
        return f"{self.base.name} {self.kind}"


class EvaluationEvidence(models.Model):
    """佐证材料 of a self-evaluation, stored by ``applications.materials`` (checked by content, hashed)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_name = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.original_name


class EvaluationExpertReview(models.Model):
    """Art. 9(二) 组织专家对评价材料进行审核: one invited expert's scored review of one evaluation.

    The experts app's invitations and conflicts are tied to applications; an evaluation's review lives
    here and reuses its pool, its conflict detection, its rubric (stage ``performance_evaluation``)
    and its scoring."""

    class Status(models.TextChoices):
        INVITED = "invited", _("待评审")
        SUBMITTED = "submitted", _("已提交评审意见")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="expert_reviews")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="evaluation_reviews")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.INVITED)
    rubric = models.ForeignKey(
        "experts.Rubric", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scores = models.JSONField(_("各项得分"), default=dict, blank=True)
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=3, null=True, blank=True)
    blocking = models.JSONField(default=list, blank=True)
    opinion = models.TextField(_("评审意见"), blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "expert"], name="evaluation_expert_review_once")
        ]
        verbose_name = _("绩效评价专家评审")
        verbose_name_plural = _("绩效评价专家评审")

    def __str__(self) -> str:
        return f"{self.expert} → {self.evaluation}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:expert_review", args=[self.pk])


class EvaluationSiteVisit(models.Model):
    """Art. 9(二) 必要时可现场核查: the bureau's site visit, with its minutes stored by content hash."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="site_visits")
    visited_on = models.DateField(_("核查日期"))
    members = models.TextField(_("核查组成员"))
    findings = models.TextField(_("核查结论"))
    minutes_name = models.CharField(_("核查纪要"), max_length=200)
    stored_name = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=120)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visited_on", "pk"]
        verbose_name = _("现场核查")
        verbose_name_plural = _("现场核查")

    def __str__(self) -> str:
        return f"{self.evaluation} 现场核查 {self.visited_on}"
