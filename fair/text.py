"""Texts kept in both languages: pick the visitor's language, fall back to the other."""

from django.utils.translation import get_language

LANGUAGES = ("vi", "en")


def localized(obj, field: str, language: str | None = None) -> str:
    """Return obj.<field>_<language>, or the other language's text when that one is empty."""
    language = (language or get_language() or "vi")[:2]
    order = [language] + [code for code in LANGUAGES if code != language]
    for code in order:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""
