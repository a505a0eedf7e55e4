"""Public notices (公示, Art. 8(三), 9(二)): 5 working days on the portal, with objections."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PublicNotice(models.Model):
    class Kind(models.TextChoices):
        FILING = "filing", _("中试基地备案公示")
        EVALUATION = "evaluation", _("绩效评价结果公示")

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    starts_on = models.DateField(_("公示开始日"))
    # Computed by workdays.services.notice_end(starts_on, 5); the notice runs to 24:00 of this day.
    ends_on = models.DateField(_("公示截止日"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("公示")
        verbose_name_plural = _("公示")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:public_detail", args=[self.pk])

    def is_running(self, on) -> bool:
        return self.starts_on <= on <= self.ends_on


class NoticeItem(models.Model):
    """One subject of a notice (an application to be filed, an evaluation result)."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="items")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("公示对象"), max_length=300)
    detail = models.TextField(_("公示内容"), blank=True)
    withdrawn = models.BooleanField(_("已撤出"), default=False)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.label


class Objection(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        INVESTIGATING = "investigating", _("调查核实中")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    OPEN_STATUSES = (Status.OPEN, Status.INVESTIGATING)

    notice = models.ForeignKey(PublicNotice, on_delete=models.PROTECT, related_name="objections")
    item = models.ForeignKey(
        NoticeItem, on_delete=models.PROTECT, related_name="objections", null=True, blank=True
    )
    real_name = models.CharField(_("真实姓名"), max_length=50)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("异议内容"))
    # SHA-256 of the normalised name, contact and text: the same objection twice is one objection.
    fingerprint = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    result = models.TextField(_("处理结果"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [models.UniqueConstraint(fields=["notice", "fingerprint"], name="objection_once")]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")

    def __str__(self) -> str:
        return f"{self.notice} / {self.real_name}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
