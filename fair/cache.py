"""What pages may cache, and when it stops being true: one content version for everything visitors browse.

Any save or delete of a fair, hall, producer, booth, product or product image moves the version on,
so cached hall pages (whole, for anonymous visitors: `cached_page`; the booth list and scene for everyone
else: fair/templates/fair/hall.html) are never older than the last change. With a
shared cache (Redis) every process sees the same version; without one (the embedded defaults)
nothing is cached at all (HALL_CACHE_SECONDS = 0), so processes never disagree.
"""

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.functional import LazyObject, empty

from fair import mode

VERSION_KEY = "fair:content-version"
PAGE_PREFIX = "fair:page:"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


def versioned(key: str, make, keep=lambda value: value is not None, found=None):
    """``make()``, kept in the shared cache under the content version it was made at: when it is there and
    current, the version and the value come in one round trip (none when ``found`` already holds what the cache
    had for both keys). A value made while content was changing carries the version read before making it, so
    it is never kept past the change. Without a shared cache (HALL_CACHE_SECONDS = 0) it is just ``make()``."""
    if not settings.HALL_CACHE_SECONDS:
        return make()
    if found is None:
        found = cache.get_many([VERSION_KEY, key])
    version, stored = found.get(VERSION_KEY), found.get(key)
    if version is not None and stored is not None and stored[0] == version:
        return stored[1]
    version = version if version is not None else content_version()
    value = make()
    if keep(value):
        cache.set(key, (version, value), settings.HALL_CACHE_SECONDS)
    return value


def cached_page(request, render):
    """A whole page, shared by every anonymous visitor who sees it in the same language and mode, until content
    changes; anything else (signed-in people, query strings, no shared cache, a 404) is rendered as usual."""
    if not settings.HALL_CACHE_SECONDS or request.method != "GET" or request.GET or request.user.is_authenticated:
        return render()
    key = page_key(request)
    keys, found = getattr(request, "fair_prefetched", ((), None))
    made = versioned(key, lambda: _Page(render()), keep=lambda page: page.shareable,
                     found=found if key in keys else None)
    return made.response if made.response is not None else HttpResponse(made.content, content_type=made.content_type)


def page_key(request) -> str:
    return f"{PAGE_PREFIX}{request.path}:{translation.get_language()}:{mode.page_mode(request)}"


class PrefetchMiddleware:
    """A returning visitor's session and the cached page they ask for, in one round trip to the shared cache.

    A cached page is for visitors who are not signed in, and knowing that means loading the session: with
    cached_db sessions in the same Redis as the pages, both are read with one MGET here (before anything
    reads the session) instead of one GET each. The session store is handed what the cache had, exactly as
    its own ``load()`` would have found it; when the cache has no copy, the store loads it as usual. Pages
    that are not cached only ever miss the page key, in the same round trip.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefetch(request)
        return self.get_response(request)


def prefetch(request) -> None:
    if request.method != "GET" or request.GET:
        return
    keys = (VERSION_KEY, page_key(request))
    found = with_session(request.session, keys)
    if found is not None:
        request.fair_prefetched = (keys, found)


def with_session(session, keys) -> dict | None:
    """What the shared cache has under `keys`, read in the same round trip as the session (which is handed to the
    session store, exactly as its own load() would have found it); None without a shared cache, or with a session
    store that does not keep sessions under a cache key, or with no session key yet (then nothing was read)."""
    if isinstance(session, LazyObject):  # a socket's scope["session"] (channels) wraps the store, made at once
        session = session._wrapped if session._wrapped is not empty else session
    if (not settings.HALL_CACHE_SECONDS or not session.session_key or not hasattr(type(session), "cache_key")
            or settings.SESSION_CACHE_ALIAS != DEFAULT_CACHE_ALIAS):
        return None  # (only cached_db and cache session stores keep sessions under a cache key)
    cache_key = session.cache_key  # safe now: with a session key it is not created anew
    found = cache.get_many([*keys, cache_key])
    data = found.pop(cache_key, None)
    if data is not None and not hasattr(session, "_session_cache"):
        session._session_cache = data  # what SessionStore.load() returns when the cache has the session
    return found


class _Page:
    """A rendered page as the cache keeps it: its bytes and type (the response itself only for this request)."""

    def __init__(self, response):
        self.response = response
        self.shareable = response.status_code == 200 and not response.cookies
        self.content, self.content_type = (response.content, response["Content-Type"]) if self.shareable else (b"", "")

    def __getstate__(self):
        return {"response": None, "shareable": True, "content": self.content, "content_type": self.content_type}


def content_changed(**kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): any new value invalidates what was cached
        cache.set(VERSION_KEY, 2, timeout=None)


def content_version_follows(*models) -> None:
    """Any save or delete of these models moves the content version on (each app names its own, in ready())."""
    for model in models:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"content-version-save-{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-version-delete-{model.__name__}")
