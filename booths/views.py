"""Pages of the catalogue: halls with their booths, booths, products: thin over booths.selectors."""

import re

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.html import json_script
from django.views.decorators.csrf import ensure_csrf_cookie

from booths import schedule, selectors
from fair import mode
from fair import selectors as fair_selectors
from fair.cache import cached_page, content_version
from fair.offline import offline_page
from fair.text import localized

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


class _LazyScript:
    """The hall's scene as a <script type="application/json">, computed only when the template's cache misses."""

    def __init__(self, make):
        self.make, self.value = make, None

    def __html__(self):
        if self.value is None:
            self.value = self.make()
        return self.value

    __str__ = __html__


@offline_page
def hall_detail(request, fair_slug, hall_slug):
    """A hall with the booths standing in it. With a shared cache, anonymous visitors get the whole page from it
    and everyone else its booth list and scene, until anything they show changes (`fair.cache`).

    `?booth=<slug>` (a search result's "show in the hall"): the 3D hall walks there itself; a light page is sent
    to the booth's card in the list (`#booth-<slug>`, which the browser scrolls to and the card's :target style
    marks), with no script and the cached page."""
    wanted = request.GET.get("booth", "")
    if wanted and mode.page_mode(request) == "light" and SLUG.fullmatch(wanted):
        return redirect(f"{request.path}#booth-{wanted}")
    return cached_page(request, lambda: hall_render(request, fair_slug, hall_slug))


def hall_render(request, fair_slug, hall_slug):
    hall = fair_selectors.hall_get(fair_slug=fair_slug, hall_slug=hall_slug, user=request.user)
    booths = SimpleLazyObject(lambda: selectors.hall_booths(hall=hall))
    return render(request, "fair/hall.html", {
        "fair": hall.fair, "hall": hall, "booths": booths,
        "scene_script": _LazyScript(lambda: json_script(selectors.hall_scene(hall=hall, booths=list(booths)), "hall-scene")),
        "content_version": content_version(), "hall_cache_seconds": settings.HALL_CACHE_SECONDS,
    })


@offline_page
@ensure_csrf_cookie  # the chat's outbox keeps the token, for the service worker to deliver what waited (docs/offline.md)
def booth_detail(request, booth_slug):
    """A booth: its products, its producer's story and its production-process tour."""
    booth = selectors.booth_get(slug=booth_slug, user=request.user)
    steps = selectors.booth_tour_steps(booth=booth)
    return render(request, "booths/booth.html", {
        "booth": booth,
        "products": selectors.booth_products(booth=booth),
        "steps": steps,
        "tour_data": selectors.booth_tour_data(steps=steps),
        "videos": booth.videos.all(),
    })


def booth_vr(request, booth_slug):
    """What a headset visitor at the booth reads and tours (fetched by the VR mode of the hall): its products
    with their story (the featured one, with a 3D model, first) and its process tour."""
    booth = selectors.booth_get(slug=booth_slug, user=request.user)
    products = sorted(selectors.booth_products(booth=booth), key=lambda p: (not p.model_glb, p.order, p.id))
    return JsonResponse({
        "products": [{"slug": p.slug, "name": localized(p, "name"), "story": localized(p, "story"), "stars": p.stars,
                      "price_vnd": p.price_vnd, "sold_out": p.sold_out} for p in products],
        "tour": selectors.booth_tour_data(steps=selectors.booth_tour_steps(booth=booth)),
    })


@offline_page
def product_detail(request, product_slug):
    """A product: images, story, OCOP certificate and traceability."""
    product = selectors.product_get(slug=product_slug, user=request.user)
    return render(request, "booths/product.html", {
        "product": product, "booth": product.booth, "spin_frames": selectors.product_spin_frames(product=product),
    })


def _ics(request, body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def fair_ics(request, fair_slug):
    """The fair's whole schedule as an iCalendar file (sessions in halls this person may see)."""
    fair = fair_selectors.fair_get(slug=fair_slug, user=request.user)
    sessions = schedule.sessions_visible(user=request.user).filter(hall__fair=fair).order_by("starts_at", "id")
    body = schedule.calendar_ics(name=localized(fair, "name"), time_zone=fair.time_zone, sessions=sessions,
                                 base_url=request.build_absolute_uri("/").rstrip("/"))
    return _ics(request, body, f"{fair.slug}.ics")


def session_ics(request, session_id):
    """One session as an iCalendar file (what "Add to calendar" downloads)."""
    session = schedule.sessions_visible(user=request.user).filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session.")
    body = schedule.calendar_ics(name=localized(session, "title"), time_zone=session.hall.fair.time_zone,
                                 sessions=[session], base_url=request.build_absolute_uri("/").rstrip("/"))
    return _ics(request, body, f"session-{session.pk}.ics")
