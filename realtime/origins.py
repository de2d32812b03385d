"""Websocket origin check: only pages served by this fair may open its sockets."""

from urllib.parse import urlparse

from channels.security.websocket import OriginValidator
from django.conf import settings


def allowed_origins() -> list[str]:
    """Hosts from ALLOWED_HOSTS plus the origins named in CSRF_TRUSTED_ORIGINS."""
    origins = list(settings.ALLOWED_HOSTS)
    for origin in settings.CSRF_TRUSTED_ORIGINS:
        parsed = urlparse(origin)
        if parsed.scheme and parsed.hostname:
            origins.append(f"{parsed.scheme}://{parsed.netloc}")
    return origins


class FairOriginValidator(OriginValidator):
    """Closes a websocket handshake whose Origin header is missing or foreign (HTTP 403)."""

    def __init__(self, application):
        super().__init__(application, allowed_origins())
