"""With a shared cache (Redis), a hall's booth list and scene are served from it until content changes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from booths.models import Booth
from booths.services import booth_update
from tests.factories import make_booth, make_fair, make_hall, make_product, make_user

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_hall_content_is_cached_until_a_booth_changes(client, settings):
    assert settings.HALL_CACHE_SECONDS > 0  # the scaled-out layout (REDIS_URL) caches
    hall = make_hall(fair=make_fair())
    booth = make_booth(hall=hall, title_vi="Gian Mật ong")
    make_product(booth=booth)
    url = reverse("booths:hall", args=[hall.fair.slug, hall.slug])
    assert "Gian Mật ong" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    Booth.objects.filter(pk=booth.pk).update(title_vi="Đổi lén")  # no save: nobody told the cache
    page = client.get(url).content.decode()
    assert "Gian Mật ong" in page and "Đổi lén" not in page  # served from the cache
    booth.refresh_from_db()
    booth_update(booth=booth, user=make_user(producer=booth.producer), title_vi="Gian Mật ong rừng")
    page = client.get(url).content.decode()
    assert "Gian Mật ong rừng" in page  # a real change shows at once
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm) < 5 and len(warm) <= len(cold)


def test_anonymous_visitors_share_a_whole_cached_hall_page_until_content_changes(client, settings):
    hall = make_hall(fair=make_fair(), name_vi="Khu đặc sản", name_en="Specialties hall")
    booth = make_booth(hall=hall, title_vi="Gian Chè Tân Cương", title_en="Tan Cuong tea")
    url = reverse("booths:hall", args=[hall.fair.slug, hall.slug])
    first = client.get(url)
    assert "Gian Chè Tân Cương" in first.content.decode()
    Booth.objects.filter(pk=booth.pk).update(title_vi="Đổi lén")  # no save: nobody told the cache
    with CaptureQueriesContext(connection) as served:
        again = client.get(url)
    assert again.content == first.content and len(served) == 0  # the whole page, not a query
    other = Client()  # another visitor gets the same page but never the first one's session
    assert other.get(url).content == first.content
    assert other.cookies["sessionid"].value != client.cookies["sessionid"].value

    english = Client(HTTP_ACCEPT_LANGUAGE="en")  # each language (and mode) is a page of its own
    assert "Specialties hall" in english.get(url).content.decode()
    light = Client()
    light.cookies["fair_mode"] = "light"
    assert 'data-mode="light"' in light.get(url).content.decode()
    assert "next=/fairs/" in first.content.decode()
    assert "%3Ffrom%3Dqr" in client.get(url + "?from=qr").content.decode()  # with a query string: rendered for it

    organizer = Client()
    organizer.force_login(make_user(organizer=True))
    console = f'href="{reverse("editor:console")}"'
    assert console in organizer.get(url).content.decode()  # signed-in people get their own page
    assert console not in client.get(url).content.decode() and client.get(url).content == first.content

    booth.refresh_from_db()
    booth_update(booth=booth, user=make_user(producer=booth.producer), title_vi="Gian Chè Tân Cương mới")
    assert "Gian Chè Tân Cương mới" in client.get(url).content.decode()  # a real change shows at once


def test_a_signed_in_producer_never_gets_the_anonymous_page_and_never_leaves_theirs_for_others(client):
    hall = make_hall(fair=make_fair())
    booth = make_booth(hall=hall)
    url = reverse("booths:hall", args=[hall.fair.slug, hall.slug])
    producer = Client()
    producer.force_login(make_user(producer=booth.producer))
    assert "console-link" in producer.get(url).content.decode()
    assert "console-link" not in client.get(url).content.decode()
    assert "console-link" in producer.get(url).content.decode()


def _count_redis_commands(monkeypatch) -> list:
    from django.core.cache import cache

    redis = cache._cache.get_client()  # the process's one client (fair/redis_cache.py)
    commands, original = [], redis.execute_command
    monkeypatch.setattr(redis, "execute_command", lambda *args, **kw: commands.append(args[0]) or original(*args, **kw))
    return commands


def test_a_returning_visitor_gets_the_cached_page_and_their_session_in_one_round_trip(client, monkeypatch):
    hall = make_hall(fair=make_fair())
    make_booth(hall=hall, title_vi="Gian Mắm Nam Ô")
    url = reverse("booths:hall", args=[hall.fair.slug, hall.slug])
    first = client.get(url)
    visitor = client.session["visitor_id"]
    commands = _count_redis_commands(monkeypatch)
    again = client.get(url)
    assert commands == ["MGET"]  # the session and the page together, not one after the other
    assert again.content == first.content and "sessionid" not in again.cookies  # same page, same session kept
    monkeypatch.undo()
    assert client.session["visitor_id"] == visitor


def test_a_visitor_whose_session_left_the_cache_keeps_their_identity(client):
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.core.cache import cache

    hall = make_hall(fair=make_fair())
    make_booth(hall=hall, title_vi="Gian Mắm Nam Ô")
    url = reverse("booths:hall", args=[hall.fair.slug, hall.slug])
    first = client.get(url)
    visitor = client.session["visitor_id"]
    cache.delete(SessionStore(client.cookies["sessionid"].value).cache_key)  # evicted: only the database has it
    again = client.get(url)
    assert again.content == first.content and "sessionid" not in again.cookies
    assert client.session["visitor_id"] == visitor


def test_a_sockets_session_comes_in_the_same_round_trip_as_the_booth(monkeypatch):
    """A booth socket's connect reads its session and the booth from Redis in one round trip, also when the session
    reaches it wrapped as channels wraps it (a LazyObject): the store is handed what was read, not read again."""
    from importlib import import_module

    from django.conf import settings as django_settings
    from django.core.cache import cache as shared
    from django.utils.functional import LazyObject

    from fair import cache as fair_cache
    from fair.middleware import VISITOR_KEY, visitor_id_known

    store_class = import_module(django_settings.SESSION_ENGINE).SessionStore
    saved = store_class()
    saved[VISITOR_KEY] = "v-123"
    saved.save()
    wrapped = LazyObject()
    wrapped._wrapped = store_class(saved.session_key)  # as channels' SessionMiddleware makes scope["session"]
    found = fair_cache.with_session(wrapped, [fair_cache.VERSION_KEY])
    assert found is not None
    monkeypatch.setattr(shared, "get", lambda *args, **kwargs: pytest.fail("the session was read a second time"))
    assert visitor_id_known(wrapped) == "v-123"
