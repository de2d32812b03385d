"""Producer accounts (invitations, requests for a booth), the phone editor and the console page."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorConfig(AppConfig):
    name = "booths.editor"
    label = "editor"
    verbose_name = _("Producer accounts and editor")
