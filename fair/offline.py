"""The fair on a weak connection: the service worker, the web app manifest, the offline page, and the one rule
of which pages a phone may keep (docs/offline.md).

The worker (frontend/src/sw/sw.js, built into static/build/sw.js) is served from the site root so its scope is
every page. Its first line names the release: a hash of the front end as built (and FAIR_RELEASE), so a new
deployment is a new worker, which empties the old caches when it takes over."""

import hashlib
import json
from functools import wraps

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from fair import selectors
from fair.text import localized

OFFLINE_HEADER = "X-Fair-Offline"
WORKER = "build/sw.js"
# What makes a release: the worker, every bundle (sizes.json changes with any of them) and the stylesheet.
RELEASE_FILES = (WORKER, "build/sizes.json", "css/fair.css")
THEME_DEFAULT = "#8a4b12"  # the header's brown (static/css/fair.css --brand)
BACKGROUND = "#fbf7ef"  # the page's paper colour


def offline_page(view):
    """Marks a page the worker may keep for offline use: public, the same for everyone who may see it (the
    catalogue). Only successful pages are kept; anything personal (orders, the console, the editor, the studio,
    sign-in) is never marked, so it is never served from a phone's cache."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            response[OFFLINE_HEADER] = "page"
        return response

    return marked


def context(request):
    """Template context: when the page was made (a kept copy says "shown as last seen at HH:MM" with it)."""
    return {"rendered_at": timezone.now().isoformat(timespec="seconds")}


def _read(name: str) -> bytes | None:
    path = finders.find(name)
    if path:
        with open(path, "rb") as file:
            return file.read()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return file.read()
    return None


def release() -> str:
    """This deployment's release: a new one whenever the front end changes (or FAIR_RELEASE is set anew)."""
    digest = hashlib.sha256(settings.FAIR_RELEASE.encode())
    for name in RELEASE_FILES:
        digest.update(_read(name) or b"")
    return digest.hexdigest()[:12]


@never_cache
def service_worker(request):
    """/sw.js: the worker, never cached by the browser's HTTP cache (it looks for a new release on every visit)."""
    source = _read(WORKER)
    if source is None:
        raise Http404("The front end is not built (make setup).")
    head = f"self.FAIR_RELEASE = {json.dumps(release())};\n".encode()
    response = HttpResponse(head + source, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


def manifest(request):
    """/manifest.webmanifest: installable from the home screen, in the open fair's colours and the visitor's language."""
    fair = selectors.fair_current(user=None)
    halls = selectors.fair_halls(fair=fair, user=None) if fair else []
    theme = halls[0].colour_primary if halls else THEME_DEFAULT
    name = localized(fair, "name") if fair else _("OCOP virtual fair")
    data = {
        "name": name,
        "short_name": _("OCOP fair"),  # under the icon on a home screen: short
        "description": _("Walk themed halls of Vietnam's OCOP products, meet the producers and order."),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/?source=app",
        "scope": "/",
        "id": "/",
        "display": "standalone",
        "theme_color": theme,
        "background_color": BACKGROUND,
        "icons": [
            {"src": static("icons/app-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/app-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icons/app-maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def offline(request):
    """/offline/: what the worker shows for a page never visited while the network is gone."""
    return render(request, "fair/offline.html")
