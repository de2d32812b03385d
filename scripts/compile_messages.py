"""Merge scripts/translations_vi.py into fair/locale/vi/LC_MESSAGES/django.po and compile the .mo.

Uses polib, so no GNU gettext is needed to compile (makemessages, which extracts the
strings, does need it: `make messages` runs both when gettext is installed).
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from translations_vi import VI  # noqa: E402

PO = ROOT / "fair" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def main() -> int:
    catalog = polib.pofile(str(PO))
    catalog.metadata["Language"] = "vi"
    catalog.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    missing = []
    for entry in catalog:
        # Strings with a context (pgettext) are keyed (context, text); the rest by their text.
        text = VI.get((entry.msgctxt, entry.msgid)) if entry.msgctxt else VI.get(entry.msgid)
        if text is None:
            missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: text[0] if isinstance(text, tuple) else text}
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save(str(PO))
    catalog.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
