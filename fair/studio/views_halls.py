"""The studio's fairs and halls: create and change a fair and its themed halls, publish them, preview them as
visitors will see them, and bring booths that fit a hall's rule into it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from booths.media.uploads import UploadRefused
from booths.models import Booth
from fair.models import Fair, Hall
from fair.studio import halls as service
from fair.studio.access import organizer_view


def _fair(slug) -> Fair:
    return get_object_or_404(Fair, slug=slug)


def _hall(pk) -> Hall:
    return get_object_or_404(Hall.objects.select_related("fair"), pk=pk)


@organizer_view
def fair_new(request):
    form = service.FairForm(request.POST or None, initial={"time_zone": "Asia/Ho_Chi_Minh", "status": Fair.Status.DRAFT})
    if request.method == "POST" and form.is_valid():
        fair = service.fair_create(form=form)
        messages.success(request, _("The fair is made, as a draft: add its halls, then publish it."))
        return redirect("studio:fair", fair.slug)
    return render(request, "studio/fair_form.html", {"form": form, "studio_section": "fair"})


@organizer_view
def fair_edit(request, fair_slug):
    fair = _fair(fair_slug)
    form = service.FairForm(request.POST or None, instance=fair)
    if request.method == "POST" and form.is_valid():
        fair = form.save()
        messages.success(request, _("The fair is saved."))
        return redirect("studio:fair", fair.slug)
    halls = fair.halls.order_by("order", "id")
    return render(request, "studio/fair.html", {"form": form, "fair": fair, "halls": halls, "studio_section": "fair",
                                                "statuses": Fair.Status.choices})


@organizer_view
@require_POST
def fair_status(request, fair_slug):
    fair = _fair(fair_slug)
    status = request.POST.get("status", "")
    if status not in Fair.Status.values:
        messages.error(request, _("No such status."))
    else:
        service.fair_status_set(fair=fair, status=status)
        messages.success(request, _("The fair is now “%(status)s”.") % {"status": fair.get_status_display()})
    return redirect("studio:fair", fair.slug)


@organizer_view
def hall_new(request, fair_slug):
    fair = _fair(fair_slug)
    form = service.HallForm(request.POST or None, request.FILES or None, fair=fair)
    if request.method == "POST" and form.is_valid():
        try:
            hall = service.hall_save(form=form)
        except UploadRefused as problem:
            form.add_error("environment_file", problem.message)
        else:
            messages.success(request, _("The hall is made, as a draft: place its booths, then publish it."))
            return redirect("studio:hall", hall.pk)
    return render(request, "studio/hall_form.html", {"form": form, "fair": fair, "studio_section": "fair"})


@organizer_view
def hall_edit(request, hall_id):
    hall = _hall(hall_id)
    form = service.HallForm(request.POST or None, request.FILES or None, instance=hall, fair=hall.fair)
    if request.method == "POST" and form.is_valid():
        try:
            service.hall_save(form=form)
        except UploadRefused as problem:
            form.add_error("environment_file", problem.message)
            hall.refresh_from_db()
        else:
            messages.success(request, _("The hall is saved."))
            return redirect("studio:hall", hall.pk)
    return render(request, "studio/hall.html", {
        "form": form, "fair": hall.fair, "hall": hall, "studio_section": "hall",
        "booths": Booth.objects.filter(hall=hall).select_related("producer").order_by("title_vi"),
        "candidates": service.hall_candidates(hall=hall),
    })


@organizer_view
@require_POST
def hall_publish(request, hall_id):
    hall = _hall(hall_id)
    published = request.POST.get("published") == "1"
    service.hall_publish(hall=hall, published=published)
    if published and hall.fair.status == Fair.Status.DRAFT:
        messages.warning(request, _("The hall is published, but its fair is still a draft: visitors see it once the "
                                    "fair is published."))
    else:
        messages.success(request, _("The hall is published: visitors see it.") if published
                         else _("The hall is a draft again: visitors no longer see it."))
    return redirect("studio:hall", hall.pk)


@organizer_view
@require_POST
def hall_booths_add(request, hall_id):
    hall = _hall(hall_id)
    ids = [int(value) for value in request.POST.getlist("booth") if value.isdigit()][:500]
    placed, left = service.hall_booths_add(hall=hall, booth_ids=ids, user=request.user)
    if placed:
        messages.success(request, _("%(count)s booths placed in the hall.") % {"count": placed})
    if left:
        messages.error(request, _("%(count)s booths did not fit on the floor: make the hall larger.") % {"count": left})
    if not ids:
        messages.error(request, _("Choose at least one booth."))
    return redirect("studio:hall", hall.pk)


@organizer_view
@require_POST
def hall_booth_remove(request, hall_id, booth_id):
    hall = _hall(hall_id)
    if service.hall_booth_remove(hall=hall, booth_id=booth_id, user=request.user):
        messages.success(request, _("The booth is taken out of the hall."))
    return redirect("studio:hall", hall.pk)
