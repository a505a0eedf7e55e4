"""Seed one template per document kind with the default words, so an administrator edits text that exists."""

from django.db import migrations


def seed(apps, schema_editor):
    from pilotbase.documents.templating import KINDS

    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    for kind, spec in KINDS.items():
        DocumentTemplate.objects.get_or_create(kind=kind, defaults=dict(spec.default))


def unseed(apps, schema_editor):
    apps.get_model("documents", "DocumentTemplate").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
