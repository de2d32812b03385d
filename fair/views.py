"""Pages of fairs and halls: thin over fair.selectors."""

from django.http import Http404
from django.shortcuts import render

from fair import mode, selectors


def home(request):
    """The fair that is open now, with its halls."""
    fair = selectors.fair_current(user=request.user)
    halls = selectors.fair_halls(fair=fair) if fair else []
    return render(request, "fair/home.html", {"fair": fair, "halls": halls})


def fair_detail(request, fair_slug):
    """A fair with its themed halls."""
    fair = selectors.fair_get(slug=fair_slug, user=request.user)
    return render(request, "fair/fair.html", {"fair": fair, "halls": selectors.fair_halls(fair=fair)})


def hall_detail(request, fair_slug, hall_slug):
    """A hall with the booths standing in it."""
    hall = selectors.hall_get(fair_slug=fair_slug, hall_slug=hall_slug, user=request.user)
    booths = selectors.hall_booths(hall=hall)
    return render(request, "fair/hall.html", {
        "fair": hall.fair, "hall": hall, "booths": booths, "scene": selectors.hall_scene(hall=hall, booths=booths),
    })


def mode_switch(request, mode_name):
    """The light/3D toggle: a plain link, so it works without JavaScript."""
    if mode_name not in mode.MODES:
        raise Http404("No such mode.")
    return mode.mode_set(request, mode_name)
