"""Template helpers of the editor's uploads: the file picker's accept list."""

from django import template

from booths.media.uploads import accept

register = template.Library()


@register.filter
def upload_accept(kind: str) -> str:
    """The file picker's accept list for an upload kind (booths/media/uploads.py decides what is allowed)."""
    return accept(kind)
