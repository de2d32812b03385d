"""Pages of fairs and halls: thin over fair.selectors."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.html import json_script

from fair import mode, selectors
from fair.cache import cached_page, content_version


def home(request):
    """The fair that is open now, with its halls."""
    fair = selectors.fair_current(user=request.user)
    halls = selectors.fair_halls(fair=fair) if fair else []
    return render(request, "fair/home.html", {"fair": fair, "halls": halls})


def fair_detail(request, fair_slug):
    """A fair with its themed halls."""
    fair = selectors.fair_get(slug=fair_slug, user=request.user)
    return render(request, "fair/fair.html", {"fair": fair, "halls": selectors.fair_halls(fair=fair)})


class _LazyScript:
    """The hall's scene as a <script type="application/json">, computed only when the template's cache misses."""

    def __init__(self, make):
        self.make, self.value = make, None

    def __html__(self):
        if self.value is None:
            self.value = self.make()
        return self.value

    __str__ = __html__


def hall_detail(request, fair_slug, hall_slug):
    """A hall with the booths standing in it. With a shared cache, anonymous visitors get the whole page from it
    and everyone else its booth list and scene, until anything they show changes (`fair.cache`)."""
    return cached_page(request, lambda: hall_render(request, fair_slug, hall_slug))


def hall_render(request, fair_slug, hall_slug):
    hall = selectors.hall_get(fair_slug=fair_slug, hall_slug=hall_slug, user=request.user)
    booths = SimpleLazyObject(lambda: selectors.hall_booths(hall=hall))
    return render(request, "fair/hall.html", {
        "fair": hall.fair, "hall": hall, "booths": booths,
        "scene_script": _LazyScript(lambda: json_script(selectors.hall_scene(hall=hall, booths=list(booths)), "hall-scene")),
        "content_version": content_version(), "hall_cache_seconds": settings.HALL_CACHE_SECONDS,
    })


def mode_switch(request, mode_name):
    """The light/3D toggle: a plain link, so it works without JavaScript."""
    if mode_name not in mode.MODES:
        raise Http404("No such mode.")
    return mode.mode_set(request, mode_name)


def language_switch(request, code):
    """The language links in every page's header (Tiếng Việt / English)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    return mode.language_set(request, code)
