from django.db import migrations


def seed(apps, schema_editor):
    from pilotbase.rules.codes import INDUSTRY_CHAINS

    IndustryChain = apps.get_model("rules", "IndustryChain")
    for order, term in enumerate(INDUSTRY_CHAINS, start=1):
        IndustryChain.objects.get_or_create(code=term.code, defaults={"label": term.label, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
