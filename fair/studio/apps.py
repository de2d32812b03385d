from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudioConfig(AppConfig):
    """The organizers' studio at /studio/: fairs and themed halls, floor plans, the schedule, bulk onboarding of
    producers and moderation, without the Django admin. Organizers only."""

    name = "fair.studio"
    label = "studio"
    verbose_name = _("Organizer studio")
