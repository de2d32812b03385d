"""The floor plan editor of a hall: the page, and the JSON its script saves, arranges and restores through.

Every answer to the script is JSON: ``{"version": n, …}`` on success, ``{"error": {"code", "message",
"problems"?}}`` with 400 (a rule broken: each problem names its booth), 409 (someone saved meanwhile:
"changed by X at HH:MM, reload") or 403/302 for who may not (``organizer_view``)."""

import json

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fair.errors import ClientError
from fair.models import Hall
from fair.studio import floorplan
from fair.studio.access import organizer_view

MAX_BODY = 256 * 1024


def _hall(pk) -> Hall:
    return get_object_or_404(Hall.objects.select_related("fair", "layout_changed_by"), pk=pk)


def _error(problem: ClientError, status: int) -> JsonResponse:
    body = {"code": problem.code, "message": problem.message}
    if isinstance(problem, floorplan.LayoutRefused):
        body["problems"] = problem.problems
    if isinstance(problem, floorplan.LayoutConflict):
        body["version"] = problem.version
    return JsonResponse({"error": body}, status=status)


def _body(request) -> dict:
    if len(request.body) > MAX_BODY:
        raise ClientError("too_big", _("The floor plan is too large to save."))
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ClientError("bad_json", _("The floor plan could not be read.")) from None
    if not isinstance(data, dict):
        raise ClientError("bad_json", _("The floor plan could not be read."))
    return data


def _version_of(data) -> int:
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ClientError("bad_layout", _("The floor plan could not be read."))
    return version


@organizer_view
def plan(request, hall_id):
    hall = _hall(hall_id)
    return render(request, "studio/plan.html", {
        "hall": hall, "fair": hall.fair, "plan": floorplan.hall_plan(hall=hall), "studio_section": "plan",
        "versions": floorplan.layout_versions(hall=hall), "layouts": Hall.Layout.choices,
    })


@organizer_view
@require_POST
def plan_save(request, hall_id):
    hall = _hall(hall_id)
    try:
        data = _body(request)
        saved = floorplan.layout_save(hall=hall, positions=data.get("booths"), base_version=_version_of(data),
                                      user=request.user)
    except floorplan.LayoutConflict as problem:
        return _error(problem, 409)
    except ClientError as problem:
        return _error(problem, 400)
    return JsonResponse({"version": saved.number, "saved_at": timezone.localtime(saved.saved_at).strftime("%H:%M"),
                         "message": _("Saved as version %(number)s.") % {"number": saved.number}})


@organizer_view
@require_POST
def plan_arrange(request, hall_id):
    hall = _hall(hall_id)
    try:
        proposed = floorplan.layout_arrange(hall=hall, layout=str(_body(request).get("layout", "")))
    except ClientError as problem:
        return _error(problem, 400)
    return JsonResponse({"booths": proposed})


@organizer_view
@require_POST
def plan_restore(request, hall_id):
    """A plain form (the versions list works without the script): restore, then back to the editor."""
    hall = _hall(hall_id)
    try:
        number, base = int(request.POST.get("number", "")), int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, _("The floor plan could not be read."))
        return redirect("studio:plan", hall.pk)
    try:
        saved = floorplan.layout_restore(hall=hall, number=number, base_version=base, user=request.user)
    except ClientError as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, _("Version %(old)s is the floor plan again (saved as version %(number)s).")
                         % {"old": number, "number": saved.number})
    return redirect("studio:plan", hall.pk)
