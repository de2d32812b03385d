"""The floor plan on the server: the rules checked again (no overlap, nothing off the floor), versions with a
version check (the second save is refused, never a silent overwrite), restore, automatic arrangements grouped by
theme, and the live `hall.layout` event to visitors' open halls."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.test import Client
from django.urls import reverse

from booths.models import Booth
from fair.models import HallLayout
from fair.services import hall_layout_positions
from fair.studio.floorplan import Spot, footprints_overlap, layout_problems
from tests.factories import make_booth, make_fair, make_hall, make_product, make_user
from tests.realtime.helpers import connect, make_visitor_session, receive_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall():
    hall = make_hall(fair=make_fair(), floor_width=30, floor_depth=20, slug="khu-a")
    for i, x in enumerate((-8, 0, 8)):
        make_booth(hall=hall, slug=f"gian-{i}", title_vi=f"Gian {i}", position_x=x, position_z=0)
    return hall


def organizer_client(first_name="Lan"):
    client = Client()
    client.force_login(make_user(organizer=True, first_name=first_name, last_name="Trần"))
    client.cookies["django_language"] = "en"
    return client


def save(client, hall, version, booths):
    return client.post(reverse("studio:plan_save", args=[hall.pk]), json.dumps({"version": version, "booths": booths}),
                       content_type="application/json")


def test_a_valid_plan_is_saved_snapped_as_version_one(hall):
    client = organizer_client()
    response = save(client, hall, 0, [{"slug": "gian-0", "x": -7.3, "z": 2.2, "rotation": 47}])
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1
    booth = Booth.objects.get(slug="gian-0")
    assert (booth.position_x, booth.position_z, booth.rotation) == (-7.5, 2.0, 45.0)  # 0.5 m grid, 15° steps
    version = HallLayout.objects.get(hall=hall, number=1)
    assert {p["slug"] for p in version.positions} == {"gian-0", "gian-1", "gian-2"}


def test_overlap_and_leaving_the_floor_are_refused_with_the_booth_and_reason(hall):
    client = organizer_client()
    response = save(client, hall, 0, [{"slug": "gian-0", "x": -2, "z": 0, "rotation": 0}])
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "layout_refused"
    problem = error["problems"][0]
    assert problem["code"] == "overlap" and {problem["booth"], problem["other"]} == {"gian-0", "gian-1"}
    assert "would overlap" in error["message"]
    response = save(client, hall, 0, [{"slug": "gian-2", "x": 13.5, "z": 0, "rotation": 90}])  # 1.5 m half-depth: fits
    assert response.status_code == 200
    response = save(client, hall, 1, [{"slug": "gian-2", "x": 13.5, "z": 0, "rotation": 0}])  # 2 m half-width: off
    assert response.status_code == 400
    assert response.json()["error"]["problems"][0] == {
        "booth": "gian-2", "code": "off_floor", "message": "“Gian 2” would leave the floor (30 × 20 m)."}
    assert Booth.objects.get(slug="gian-2").rotation == 90  # nothing of a refused plan is kept


def test_the_second_organizer_is_refused_with_who_changed_it_and_when(hall):
    first, second = organizer_client("Lan"), organizer_client("Minh")
    assert save(first, hall, 0, [{"slug": "gian-0", "x": -9, "z": 0, "rotation": 0}]).status_code == 200
    response = save(second, hall, 0, [{"slug": "gian-1", "x": 1, "z": 0, "rotation": 0}])
    assert response.status_code == 409
    message = response.json()["error"]["message"]
    assert message.startswith("Changed by Lan Trần at ") and message.endswith(", reload.")
    assert Booth.objects.get(slug="gian-1").position_x == 0  # never a silent overwrite
    assert Booth.objects.get(slug="gian-0").position_x == -9


@pytest.mark.parametrize("body", ["not json", "[]", json.dumps({"version": "1", "booths": []}),
                                  json.dumps({"version": 0, "booths": [{"slug": "gian-0", "x": "NaN", "z": 0, "rotation": 0}]}),
                                  json.dumps({"version": 0, "booths": [{"slug": "elsewhere", "x": 0, "z": 0, "rotation": 0}]}),
                                  json.dumps({"version": 0, "booths": "everything"})])
def test_malformed_plans_get_a_clear_error_and_change_nothing(hall, body):
    make_booth(slug="elsewhere")
    response = organizer_client().post(reverse("studio:plan_save", args=[hall.pk]), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["message"]
    assert not HallLayout.objects.exists()


def test_an_earlier_version_is_restored_as_a_new_version(hall):
    client = organizer_client()
    save(client, hall, 0, [{"slug": "gian-0", "x": -10, "z": 5, "rotation": 0}])
    save(client, hall, 1, [{"slug": "gian-0", "x": -10, "z": -5, "rotation": 30}])
    response = client.post(reverse("studio:plan_restore", args=[hall.pk]), {"number": 1, "version": 2}, follow=True)
    assert "Version 1 is the floor plan again" in response.content.decode()
    booth = Booth.objects.get(slug="gian-0")
    assert (booth.position_x, booth.position_z, booth.rotation) == (-10, 5, 0)
    assert HallLayout.objects.filter(hall=hall).count() == 3
    # A restore from a stale page is refused like any save.
    response = client.post(reverse("studio:plan_restore", args=[hall.pk]), {"number": 2, "version": 2}, follow=True)
    assert "reload" in response.content.decode()


@pytest.mark.parametrize("layout", ["grid", "aisle", "ring"])
def test_arrange_automatically_groups_by_theme_on_the_floor_without_overlap(layout):
    hall = make_hall(floor_width=80, floor_depth=80)
    for i in range(12):
        booth = make_booth(hall=hall, title_vi=f"Gian {i:02d}")
        make_product(booth=booth, category=("coffee", "honey", "tea")[i % 3])
    response = organizer_client().post(reverse("studio:plan_arrange", args=[hall.pk]), json.dumps({"layout": layout}),
                                       content_type="application/json")
    booths = response.json()["booths"]
    assert len(booths) == 12
    themes = [b["theme"] for b in booths]
    assert themes == sorted(themes)  # each theme's booths side by side
    spots = [Spot(b["slug"], b["x"], b["z"], b["rotation"]) for b in booths]
    assert layout_problems(hall=hall, spots=spots, titles={b["slug"]: b["slug"] for b in booths}) == []
    assert not Booth.objects.filter(hall=hall).exclude(position_x=0).exists()  # a proposal: nothing saved yet


def test_arranging_on_a_floor_too_small_says_how_large_it_must_be():
    hall = make_hall(floor_width=10, floor_depth=10)
    for _ in range(9):
        make_booth(hall=hall)
    response = organizer_client().post(reverse("studio:plan_arrange", args=[hall.pk]), json.dumps({"layout": "grid"}),
                                       content_type="application/json")
    assert response.status_code == 400
    assert "needs a floor of at least" in response.json()["error"]["message"]


def test_groups_start_their_own_row():
    positions = hall_layout_positions(layout="grid", count=5, groups=[2, 3])
    rows = sorted({z for _, z, _ in positions}, reverse=True)
    assert [z for _, z, _ in positions[:2]] == [rows[0]] * 2
    assert positions[2][1] != rows[0]


def test_footprints_turned_45_degrees_overlap_only_when_they_touch():
    a = Spot("a", 0, 0, 45)
    assert footprints_overlap(a, Spot("b", 3.4, 0, 45))
    assert not footprints_overlap(a, Spot("b", 4.6, 0, 45))


@pytest.mark.django_db(transaction=True)
async def test_visitors_open_hall_socket_gets_the_new_plan_live(hall):
    socket = await connect(f"/ws/halls/{hall.pk}/", await make_visitor_session())
    await receive_type(socket, "presence.update")
    client = await sync_to_async(organizer_client)()
    response = await sync_to_async(save)(client, hall, 0, [{"slug": "gian-1", "x": 2, "z": -4, "rotation": 180}])
    assert response.status_code == 200
    event = await receive_type(socket, "hall.layout")
    assert event["version"] == 1
    assert {"slug": "gian-1", "x": 2.0, "z": -4.0, "rotation": 180.0} in event["booths"]
    await socket.disconnect()
