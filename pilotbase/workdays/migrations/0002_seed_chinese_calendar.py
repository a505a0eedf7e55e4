"""Seed the holiday table from the chinese-calendar package for every year it holds (2004-2026)."""

from django.db import migrations


def seed(apps, schema_editor):
    from pilotbase.workdays.calendar import chinese_calendar_years, records_from_chinese_calendar, state_council_notice_title

    HolidayDay = apps.get_model("workdays", "HolidayDay")
    CoveredYear = apps.get_model("workdays", "CoveredYear")
    HolidayDay.objects.bulk_create(
        [HolidayDay(date=r.date, kind=r.kind, name=r.name, source=r.source) for r in records_from_chinese_calendar()],
        ignore_conflicts=True,
    )
    CoveredYear.objects.bulk_create(
        [CoveredYear(year=y, source=state_council_notice_title(y)) for y in sorted(chinese_calendar_years())],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
