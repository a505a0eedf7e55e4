"""Organisations, people, roles and recommending units (Art. 6: 属地管理)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RecommendingUnit(models.Model):
    """师市、院校科技行政主管部门或兵团行业主管部门 (Art. 6): reviews and recommends its jurisdiction."""

    class Kind(models.TextChoices):
        DIVISION = "division", _("师市")
        UNIVERSITY = "university", _("院校")
        INDUSTRY_DEPARTMENT = "industry_department", _("兵团行业主管部门")

    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("推荐单位")
        verbose_name_plural = _("推荐单位")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A legal entity: an applicant, a host unit (依托单位), a co-builder, an evaluator, the bureau."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        UNIVERSITY = "university", _("高等院校")
        RESEARCH_INSTITUTE = "research_institute", _("科研院所")
        PARK = "park", _("园区")
        GOVERNMENT = "government", _("政府部门")
        EVALUATOR = "evaluator", _("第三方机构")
        OTHER = "other", _("其他")

    name = models.CharField(_("单位名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    # Some lawful early codes fail the GB 32100 check character; an officer accepted this one.
    credit_code_check_overridden = models.BooleanField(_("校验位已人工确认"), default=False)
    kind = models.CharField(_("单位类型"), max_length=32, choices=Kind.choices, default=Kind.ENTERPRISE)
    registered_on = models.DateField(_("注册日期"), null=True, blank=True)
    recommending_unit = models.ForeignKey(
        RecommendingUnit,
        verbose_name=_("属地推荐单位"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        help_text=_("每个申报单位属于且仅属于一个推荐单位（属地管理）"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报单位用户")
    REVIEWER = "reviewer", _("推荐单位审核人员")
    OFFICER = "officer", _("兵团科技局工作人员")
    EXPERT = "expert", _("评审专家")
    EVALUATOR = "evaluator", _("第三方评价机构")
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITADMIN = "auditadmin", _("审计管理员")
    PUBLIC = "public", _("企业用户")


ADMIN_ROLES = (Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN)


class PilotBaseUserManager(UserManager):
    pass


class User(AbstractUser):
    """A person. One role each: 等保 level 3 separates administrators, and least privilege is
    easiest to reason about when an account is one job."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.APPLICANT)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所在单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    recommending_unit = models.ForeignKey(
        RecommendingUnit,
        verbose_name=_("所属推荐单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewers",
    )
    phone = models.CharField(_("手机"), max_length=30, blank=True)
    password_changed_at = models.DateTimeField(null=True, blank=True)

    objects = PilotBaseUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_officer(self) -> bool:
        return self.is_active and self.role == Role.OFFICER

    @property
    def is_reviewer(self) -> bool:
        return self.is_active and self.role == Role.REVIEWER and self.recommending_unit_id is not None

    @property
    def is_applicant(self) -> bool:
        return self.is_active and self.role == Role.APPLICANT and self.organisation_id is not None

    @property
    def is_expert(self) -> bool:
        return self.is_active and self.role == Role.EXPERT

    @property
    def is_evaluator(self) -> bool:
        return self.is_active and self.role == Role.EVALUATOR

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"


class Notification(models.Model):
    """An in-app message telling someone what is waiting for them."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Deduplicates a notification that a double-submitted form would otherwise send twice.
    dedupe_key = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.url or reverse("accounts:dashboard")
