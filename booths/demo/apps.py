"""The demo fair: `manage.py load_demo_fair`. Nothing outside this app imports it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "booths.demo"
    label = "demo"
    verbose_name = _("Demo fair")
