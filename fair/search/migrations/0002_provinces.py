"""Vietnam's 34 provincial units and the names of the provinces merged into them in 2025 (fair/search/provinces.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from fair.search.services import provinces_ensure

    provinces_ensure(apps=apps)


def unload(apps, schema_editor):
    apps.get_model("search", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
