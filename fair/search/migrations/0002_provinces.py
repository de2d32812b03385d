"""Vietnam's 34 provincial units and the names of the provinces merged into them in 2025 (fair/search/provinces.py)."""

from django.db import migrations
from django.utils.text import slugify


def load(apps, schema_editor):
    from fair.search.folding import fold
    from fair.search.provinces import UNITS
    from fair.search.services import province_key

    Province, ProvinceName = apps.get_model("search", "Province"), apps.get_model("search", "ProvinceName")
    for name, kind, old_names in UNITS:
        slug = slugify(fold(province_key(name)))
        province, _ = Province.objects.update_or_create(slug=slug, defaults={"name": name, "kind": kind})
        for other, current in [(name, True), *((old, False) for old in old_names)]:
            key = province_key(other)  # spellings with the same key ("Bà Rịa–Vũng Tàu", "Bà Rịa - Vũng Tàu"): the first
            ProvinceName.objects.get_or_create(key=key, defaults={
                "province": province, "name": other, "slug": slugify(fold(key)), "is_current": current})


def unload(apps, schema_editor):
    apps.get_model("search", "Province").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
