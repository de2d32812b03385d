"""The studio's schedule of a fair: every session in time order with its overlap warnings; add, change, delete."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from booths.models import Session
from fair.models import Fair
from fair.studio import schedule as service
from fair.studio.access import organizer_view


def _warn_overlaps(request, overlaps):
    for other in overlaps:
        messages.warning(request, _("This booth already has “%(title)s” at an overlapping time.") % {"title": other.title_vi})


@organizer_view
def schedule(request, fair_slug):
    fair = get_object_or_404(Fair, slug=fair_slug)
    return render(request, "studio/schedule.html", {
        "fair": fair, "sessions": service.fair_sessions(fair=fair), "studio_section": "schedule",
        "form": service.SessionForm(fair=fair)})


@organizer_view
def session_new(request, fair_slug):
    fair = get_object_or_404(Fair, slug=fair_slug)
    form = service.SessionForm(request.POST or None, fair=fair)
    if request.method == "POST" and form.is_valid():
        session, overlaps = service.session_save(form=form)
        messages.success(request, _("The session is on the schedule."))
        _warn_overlaps(request, overlaps)
        return redirect("studio:schedule", fair.slug)
    return render(request, "studio/session_form.html", {"fair": fair, "form": form, "studio_section": "schedule"})


@organizer_view
def session_edit(request, session_id):
    session = get_object_or_404(Session.objects.select_related("hall__fair"), pk=session_id)
    fair = session.hall.fair
    form = service.SessionForm(request.POST or None, instance=session, fair=fair)
    if request.method == "POST" and form.is_valid():
        session, overlaps = service.session_save(form=form)
        messages.success(request, _("The session is saved."))
        _warn_overlaps(request, overlaps)
        return redirect("studio:schedule", fair.slug)
    return render(request, "studio/session_form.html", {"fair": fair, "form": form, "session": session,
                                                        "studio_section": "schedule"})


@organizer_view
@require_POST
def session_delete(request, session_id):
    session = get_object_or_404(Session.objects.select_related("hall__fair"), pk=session_id)
    fair = session.hall.fair
    service.session_delete(session=session)
    messages.success(request, _("The session is taken off the schedule."))
    return redirect("studio:schedule", fair.slug)
