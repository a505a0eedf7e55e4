"""Every instance starts with the recommending units and their stable codes (reference/domain.md)."""

from django.db import migrations


def add_units(apps, schema_editor):
    from pilotbase.accounts.units import all_units

    RecommendingUnit = apps.get_model("accounts", "RecommendingUnit")
    for row in all_units():
        RecommendingUnit.objects.update_or_create(code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_units, migrations.RunPython.noop)]
