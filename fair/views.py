"""Pages of fairs (with their halls) and the language and mode switches: thin over fair.selectors.

A hall's own page shows its booths, so it lives with the catalogue (booths.views.hall_detail)."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static

from fair import mode, selectors
from fair.offline import offline_page


@offline_page
def home(request):
    """The fair that is open now, with its halls."""
    fair = selectors.fair_current(user=request.user)
    halls = selectors.fair_halls(fair=fair, user=request.user) if fair else []
    return render(request, "fair/home.html", {"fair": fair, "halls": halls})


@offline_page
def fair_detail(request, fair_slug):
    """A fair with its themed halls."""
    fair = selectors.fair_get(slug=fair_slug, user=request.user)
    return render(request, "fair/fair.html", {"fair": fair, "halls": selectors.fair_halls(fair=fair, user=request.user)})


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


def favicon(request):
    """/favicon.ico, which browsers ask for on their own: the icon under its current (hashed, in production) name.
    Looked up per request, not at import (the manifest exists only after collectstatic), and a temporary redirect:
    the hashed name changes with the icon."""
    return HttpResponseRedirect(static("icons/favicon.svg"))
