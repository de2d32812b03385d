"""Project-wide checks: migrations match the models, and every UI string has its Vietnamese."""

import gettext
import io
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "fair" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits non-zero when a migration is missing
    assert "No changes detected" in out.getvalue()


def test_every_ui_string_is_translated_and_compiled():
    catalog = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries() + catalog.fuzzy_entries()]
    assert untranslated == []
    with open(PO.with_suffix(".mo"), "rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = [entry.msgid for entry in catalog.translated_entries()
             if not entry.msgid_plural and not entry.msgctxt and compiled.gettext(entry.msgid) != entry.msgstr]
    stale += [entry.msgid for entry in catalog.translated_entries()
              if entry.msgctxt and compiled.pgettext(entry.msgctxt, entry.msgid) != entry.msgstr]
    assert stale == [], "run `make messages` to recompile the .mo"


def test_templates_use_translatable_strings():
    """Every template string visible to users goes through {% translate %}: spot-check the words."""
    from django.utils import translation

    with translation.override("vi"):
        assert translation.gettext("Skip to content") == "Bỏ qua, đến nội dung"
