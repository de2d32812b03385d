"""The studio's pages. Each section of the studio has its own module of views; this one is the start page."""

from django.db.models import Count
from django.shortcuts import render

from fair.models import Fair
from fair.studio.access import organizer_view


@organizer_view
def studio_home(request):
    """Every fair, drafts included, with its halls: where an organizer starts."""
    fairs = Fair.objects.annotate(hall_count=Count("halls")).order_by("-starts_on", "id")
    return render(request, "studio/home.html", {"fairs": fairs, "studio_section": "home"})
