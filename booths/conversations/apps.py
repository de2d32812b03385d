"""Conversations: visitors' chat with producers, and producers' announcements to a booth."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "booths.conversations"
    label = "conversations"
    verbose_name = _("Conversations")
