"""Media: uploads, checks, renditions, GLB optimising and posters, the worker's processing."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "booths.media"
    label = "media"
    verbose_name = _("Media")
