"""A visitor's preferences, chosen with plain links (no form, no token, so pages stay the same for every
anonymous visitor and can be cached whole): 3D or light mode, and the language.

3D or light mode is the one place that reads the visitor's choice and the browser's hints:

- `light`: chosen by the visitor (cookie), or the browser sends `Save-Data: on`.
- `3d`: chosen by the visitor (cookie). The page still falls back to light without WebGL.
- `auto`: no choice yet; the page's mode script picks 3D unless WebGL is missing or the
  connection is slow or saving data (navigator.connection), and the toggle switches both ways.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

MODE_COOKIE = "fair_mode"
MODES = ("light", "3d")
COOKIE_AGE = 60 * 60 * 24 * 365  # remembered for a year of fairs


def page_mode(request) -> str:
    """light, 3d or auto for this request."""
    chosen = request.COOKIES.get(MODE_COOKIE)
    if chosen in MODES:
        return chosen
    if request.headers.get("Save-Data", "").lower() == "on":
        return "light"
    return "auto"


def context(request):
    """Template context: fair_mode (light, 3d or auto)."""
    return {"fair_mode": page_mode(request)}


def safe_next(request) -> str:
    """Where a preference link goes back to: a page of this site, else the home page."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return "/"
    return target


def remember(request, name: str, value: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(safe_next(request))
    response.set_cookie(name, value, max_age=COOKIE_AGE, samesite="Lax", secure=request.is_secure(), httponly=True)
    return response


def mode_set(request, mode):
    """Called by the mode toggle: remember the choice and go back to the page."""
    return remember(request, MODE_COOKIE, mode)


def language_set(request, code):
    """Called by the language links: remember the language (Django's language cookie, read by LocaleMiddleware)
    and go back to the page, which is then shown in it."""
    return remember(request, settings.LANGUAGE_COOKIE_NAME, code)
