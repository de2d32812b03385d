"""Who may use the studio's fairs, halls, floor plans and schedule (every URL, GET and POST) and the hall socket of a
draft hall: anonymous people are sent to sign in, visitors' accounts and producer staff are refused, organizers
get through. Nothing changes for those refused."""

import json

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from booths.models import Booth, Session
from fair.models import Fair, Hall
from fair.studio import urls as studio_urls
from tests.factories import make_booth, make_fair, make_hall, make_user
from tests.realtime.helpers import connect, make_user_session, make_visitor_session, receive, receive_type, send

pytestmark = pytest.mark.django_db

# The URL arguments this part of the studio uses; patterns with other arguments belong to other sections' tests.
KNOWN = {"fair_slug", "hall_id", "booth_id", "session_id"}


@pytest.fixture
def world():
    fair = make_fair(status="draft", slug="hoi-cho")
    hall = make_hall(fair=fair, status="draft")
    booth = make_booth(hall=hall)
    session = Session.objects.create(hall=hall, booth=booth, kind="talk", title_vi="Nói chuyện",
                                     starts_at="2026-12-01T10:00Z", ends_at="2026-12-01T11:00Z")
    return {"fair_slug": fair.slug, "hall_id": hall.pk, "booth_id": booth.pk, "session_id": session.pk, "booth": booth}


def studio_urls_with(world):
    found = []
    for pattern in studio_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = set(pattern.pattern.regex.groupindex)
        if names <= KNOWN:
            found.append(reverse(f"studio:{pattern.name}", kwargs={name: world[name] for name in names}))
    return found


def state():
    return (list(Fair.objects.values_list("status", "name_vi")), list(Hall.objects.values_list("status", "layout_version")),
            list(Booth.objects.values_list("hall_id", "position_x")), Session.objects.count())


def test_every_studio_url_sends_anonymous_people_to_sign_in(client, world):
    urls = studio_urls_with(world)
    assert len(urls) >= 17
    before = state()
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and reverse("accounts:login") in response["Location"], url
    assert state() == before


@pytest.mark.parametrize("role", ["visitor", "producer staff"])
def test_every_studio_url_refuses_visitors_and_producer_staff(world, role):
    user = make_user() if role == "visitor" else make_user(producer=world["booth"].producer)
    client = Client()
    client.force_login(user)
    before = state()
    for url in studio_urls_with(world):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"status": "open", "published": "1", "booth": world["booth_id"]}).status_code == 403, url
        assert client.post(url, json.dumps({"version": 0, "booths": []}), content_type="application/json").status_code == 403, url
    assert state() == before


def test_organizers_open_every_studio_page(world):
    client = Client()
    client.force_login(make_user(organizer=True))
    for url in studio_urls_with(world):
        response = client.get(url)
        # Pages answer 200; endpoints that only take POST say so (405), never 403/500.
        assert response.status_code in (200, 405), url


@pytest.mark.django_db(transaction=True)
async def test_the_socket_of_a_draft_hall_is_for_organizers_only(world):
    from asgiref.sync import sync_to_async

    path = f"/ws/halls/{world['hall_id']}/"
    visitor = await sync_to_async(make_user)()
    staff = await sync_to_async(make_user)(producer=world["booth"].producer)
    for session in (await make_visitor_session(), await make_user_session(visitor), await make_user_session(staff)):
        refused = await connect(path, session)
        assert (await receive(refused))["code"] == "forbidden"
        assert (await refused.receive_output(timeout=3))["code"] == 4403  # closed: the client stops retrying
        await refused.disconnect()
    organizer = await sync_to_async(make_user)(organizer=True)
    socket = await connect(path, await make_user_session(organizer))
    await receive_type(socket, "presence.update")
    # `hall.layout` goes from the server only: a client sending it is told so and the socket stays open.
    await send(socket, type="hall.layout", version=9, booths=[])
    error = await receive_type(socket, "error")
    assert error["code"] == "unknown_type"
    await send(socket, type="presence.ping")
    assert (await receive_type(socket, "presence.update"))["booth"] == world["booth"].slug
    await socket.disconnect()


def test_calendar_files_of_a_draft_fair_are_not_found_for_visitors(client, world):
    assert client.get(reverse("booths:fair_ics", args=[world["fair_slug"]])).status_code == 404
    assert client.get(reverse("booths:session_ics", args=[world["session_id"]])).status_code == 404
