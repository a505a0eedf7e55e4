"""The holiday table an administrator maintains (spec/calendar.md: the system keeps its own)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CoveredYear(models.Model):
    """A year whose State Council schedule has been entered; periods may only touch these years."""

    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    source = models.CharField(_("依据"), max_length=200)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("已录入年份")

    def __str__(self) -> str:
        return str(self.year)


class HolidayDay(models.Model):
    """A day off (放假) or an adjusted working day (调休上班)."""

    class Kind(models.TextChoices):
        OFF = "off", _("放假")
        WORK = "work", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=50)
    source = models.CharField(_("依据"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
