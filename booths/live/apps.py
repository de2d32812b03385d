"""Live selling: a producer's livestream from the booth with pinned products, forwarded by a media server."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "booths.live"
    label = "live"
    verbose_name = _("Live selling")
