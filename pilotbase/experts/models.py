"""Expert pool, conflicts of interest, panel assignment and scored reviews (Art. 8(二), 9(二))."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TYPE_CHOICES = [("technical", "技术专家"), ("management", "管理专家"), ("financial", "财务专家")]
TYPE_LABELS = dict(TYPE_CHOICES)


class Expert(models.Model):
    """专家库: one person, possibly of several types (技术、管理、财务)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expert",
    )
    name = models.CharField(_("姓名"), max_length=50)
    organisation_name = models.CharField(_("工作单位"), max_length=200)
    # Set when the expert works at a recommending unit itself (a division's science bureau, say).
    recommending_unit = models.ForeignKey(
        "accounts.RecommendingUnit",
        verbose_name=_("所在推荐单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("职称"), max_length=50, blank=True)
    types = models.JSONField(_("专家类型"), default=list)
    fields = models.JSONField(_("学科领域"), default=list, blank=True)
    chains = models.JSONField(_("熟悉产业链"), default=list, blank=True)
    region = models.CharField(_("所在地区"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    # [{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD", "note": ""}]: periods the expert cannot review.
    unavailable_periods = models.JSONField(_("不可参评时段"), default=list, blank=True)
    active = models.BooleanField(_("在库"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("专家")
        verbose_name_plural = _("专家")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("experts:expert_detail", args=[self.pk])

    def type_labels(self) -> str:
        return "、".join(TYPE_LABELS.get(t, t) for t in self.types)

    def available_on(self, day) -> bool:
        if not self.active:
            return False
        iso = day.isoformat()
        return not any(
            (p.get("start") or "") <= iso <= (p.get("end") or "9999") for p in self.unavailable_periods
        )


class ExpertAffiliation(models.Model):
    """Where an expert works or worked, or a tie they declared: the facts behind conflict detection."""

    class Relation(models.TextChoices):
        EMPLOYMENT = "employment", _("任职")
        COLLABORATION = "collaboration", _("合作关系")
        PERSONAL = "personal", _("亲属或其他个人关系")

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="affiliations")
    organisation_name = models.CharField(_("单位名称"), max_length=200)
    relation = models.CharField(
        _("关系"), max_length=20, choices=Relation.choices, default=Relation.EMPLOYMENT
    )
    start = models.DateField(_("起始日期"), null=True, blank=True)
    end = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-start", "pk"]

    def __str__(self) -> str:
        return f"{self.expert} · {self.organisation_name}"


class Conflict(models.Model):
    """回避: an expert who must not review an application, with the evidence."""

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", _("任职关系")
        RECOMMENDING_UNIT = "recommending_unit", _("推荐单位")
        DECLARED_TIE = "declared_tie", _("声明的关联关系")
        SELF_DECLARED = "self_declared", _("本人声明回避")
        OFFICER = "officer", _("经办人认定")

    class Source(models.TextChoices):
        AUTO = "auto", _("系统识别")
        OFFICER = "officer", _("经办人录入")
        EXPERT = "expert", _("专家本人声明")

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    # Which organisation the finding is about, so that re-detection updates rather than duplicates.
    subject = models.CharField(max_length=200, blank=True, default="")
    evidence = models.TextField(_("依据"))
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    cleared = models.BooleanField(_("已撤销"), default=False)
    cleared_reason = models.TextField(_("撤销理由"), blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "application", "kind", "subject"], name="conflict_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} 回避 {self.application}：{self.get_kind_display()}"


class AssignmentRound(models.Model):
    """One run of panel assignment over chosen applications; saved, it becomes invitations."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待保存")
        SAVED = "saved", _("已发出邀请")

    applications = models.ManyToManyField("applications.Application", related_name="+")
    panel_size = models.PositiveSmallIntegerField(_("每组人数"), default=5)
    load_cap = models.PositiveSmallIntegerField(_("每人负荷上限"), default=3)
    # The day the panels meet: an expert unavailable that day is not assigned (empty: the day solved).
    review_date = models.DateField(_("评审日期"), null=True, blank=True)
    pinned = models.JSONField(default=list, blank=True)  # [[application_id, expert_id], ...]
    excluded = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"专家分配 #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("experts:round_detail", args=[self.pk])


class Invitation(models.Model):
    """An expert assigned to an application's panel: invited, then accepted or declined."""

    class Status(models.TextChoices):
        INVITED = "invited", _("待确认")
        ACCEPTED = "accepted", _("已接受")
        DECLINED = "declined", _("已谢绝")
        WITHDRAWN = "withdrawn", _("已撤回")

    ACTIVE = (Status.INVITED, Status.ACCEPTED)

    round = models.ForeignKey(AssignmentRound, on_delete=models.PROTECT, related_name="invitations")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="+")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="invitations")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.INVITED)
    match_reasons = models.TextField(_("匹配理由"), blank=True)
    decline_reason = models.TextField(_("谢绝理由"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="invitation_once")]

    def __str__(self) -> str:
        return f"{self.expert} → {self.application}"

    def get_absolute_url(self) -> str:
        return reverse("experts:assignment_detail", args=[self.pk])


class Rubric(models.Model):
    """评价标准 as data, one active per review stage."""

    class Stage(models.TextChoices):
        EXPERT_EVALUATION = "expert_evaluation", _("评估论证")
        PERFORMANCE_EVALUATION = "performance_evaluation", _("绩效评价材料评审")

    stage = models.CharField(_("评审环节"), max_length=30, choices=Stage.choices)
    title = models.CharField(_("名称"), max_length=100)
    # [{"code", "label", "weight", "min", "max", "blocking_below"}], weights as strings
    criteria = models.JSONField(_("评分项"))
    active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title


class Review(models.Model):
    """One expert's scored review of one application."""

    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="review")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(_("各项得分"))
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=3)
    blocking = models.JSONField(default=list, blank=True)
    opinion = models.TextField(_("评审意见"))
    submitted_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.invitation} 评分"
