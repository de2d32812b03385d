"""A scripted fair day: visitors walk a hall, enter booths, turn models, follow a tour, chat, order and leave, one
phone dies without goodbye; then the worker rolls up and the dashboards show exactly what happened."""

import csv
import datetime
import io
import re

import pytest
from asgiref.sync import sync_to_async
from django.test import Client
from django.utils import timezone

from booths.conversations.models import Message
from fair.analytics import recorder, selectors, services
from fair.analytics.models import DayRollup, DaySalt, Distribution, Event, HeatCell, HourRollup, Scope
from tests.factories import make_booth, make_hall, make_product, make_user
from tests.realtime.helpers import connect, make_user_session, make_visitor_session, receive_type, send

pytestmark = [pytest.mark.django_db(transaction=True)]

CONTACT = {"name": "Nguyễn Thị Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "note": "", "payment": "cod"}


@pytest.fixture
def place():
    hall = make_hall(name_vi="Khu Mật ong", name_en="Honey hall")
    honey = make_booth(hall=hall, title_vi="Gian Mật ong Quyết Thắng", title_en="Quyet Thang honey", position_x=0, position_z=0)
    tea = make_booth(hall=hall, title_vi="Gian Chè Shan tuyết", title_en="Shan tea", position_x=10, position_z=0)
    other_hall = make_hall(fair=hall.fair)
    far = make_booth(hall=other_hall, title_vi="Gian Cà phê", position_x=4, position_z=4)
    jar = make_product(booth=honey, name_vi="Mật ong bạc hà", price_vnd=250000, stock=10)
    comb = make_product(booth=honey, name_vi="Sáp ong")
    leaf = make_product(booth=tea, name_vi="Chè búp")
    producer = make_user(producer=honey.producer, first_name="Quyết")
    tea_producer = make_user(producer=tea.producer)
    return {"fair": hall.fair, "hall": hall, "honey": honey, "tea": tea, "far": far, "jar": jar, "comb": comb,
            "leaf": leaf, "producer": producer, "tea_producer": tea_producer}


async def alive_at(socket, clock, hh, mm, ss=0):
    """The visitor's page pings at this time; `booth.resume` after it tells when the ping was handled (in order)."""
    clock.at(hh, mm, ss)
    await send(socket, type="presence.ping")
    await send(socket, type="booth.resume", after=0)
    await receive_type(socket, "booth.announcements")


async def play_the_day(place, clock):
    """The day, as the sockets and pages see it. Returns the visitors' raw ids and sessions (to scan for later)."""
    honey, tea = place["honey"], place["tea"]
    sessions = {name: await make_visitor_session(f"{name}-visitor-id-0001") for name in ("v1", "v2", "v3", "v4", "v5")}

    clock.at(9, 0)  # v1 looks in at the honey booth for two minutes
    v1 = await connect(f"/ws/booths/{honey.slug}/", sessions["v1"])
    await alive_at(v1, clock, 9, 0, 40)
    await alive_at(v1, clock, 9, 1, 20)
    clock.at(9, 2)
    await v1.disconnect()

    clock.at(9, 5)  # v2 turns a model, takes the whole tour, asks, gets an answer, orders, leaves at 9:07:30
    v2 = await connect(f"/ws/booths/{honey.slug}/", sessions["v2"])
    await send(v2, type="analytics.model", product=place["jar"].slug)
    await send(v2, type="analytics.model", product=place["jar"].slug)  # the same model again: counted once
    await send(v2, type="analytics.model", product=place["leaf"].slug)  # another booth's product: dropped
    for step in range(3):
        await send(v2, type="analytics.tour", step=step, steps=3)
    await send(v2, type="chat.send", client_id="v2-1", text="Mật ong còn hàng không ạ?", name="Lan")
    ack = await receive_type(v2, "chat.ack")
    console = await connect("/ws/producer/", await make_user_session(place["producer"]))
    await receive_type(console, "console.snapshot")
    await send(console, type="chat.send", conversation=ack["conversation"], client_id="p-1", text="Dạ còn ạ.")
    await receive_type(console, "chat.ack")
    await send(v2, type="order.place", idempotency_key="key-v2-0001", lines=[{"product": place["jar"].slug, "quantity": 2}],
               contact=CONTACT)
    placed = await receive_type(v2, "order.placed")
    assert placed["order"]["total_vnd"] == 500000
    for mm, ss in ((5, 40), (6, 20), (7, 0)):
        await alive_at(v2, clock, 9, mm, ss)
    clock.at(9, 7, 30)
    await v2.disconnect()
    await console.disconnect()

    clock.at(9, 30)  # v3's phone dies: last ping at 9:31, the server notices only at 10:30
    v3 = await connect(f"/ws/booths/{honey.slug}/", sessions["v3"])
    await alive_at(v3, clock, 9, 31)
    clock.at(10, 30)
    await v3.disconnect(code=1006)

    clock.at(10, 15)  # v1 comes back for the tea booth: one minute
    v1 = await connect(f"/ws/booths/{tea.slug}/", sessions["v1"])
    await alive_at(v1, clock, 10, 15, 40)
    clock.at(10, 16)
    await v1.disconnect()

    clock.at(10, 20)  # v4 walks the hall: positions sampled (one per 3 s is kept)
    walker = await connect(f"/ws/halls/{place['hall'].id}/", sessions["v4"])
    await receive_type(walker, "presence.update")
    await send(walker, type="analytics.position", x=2.4, z=-1.2)
    await send(walker, type="analytics.position", x=2.6, z=-1.4)
    await send(walker, type="analytics.position", x=1e9, z=0)  # out of range: refused
    error = await receive_type(walker, "error")
    assert error["code"] == "bad_field"
    await walker.disconnect()

    return sessions, ack


def pages_and_search(place, clock, session_key):
    """v5 reads the honey booth's page and a product's page, and searches twice for what is not there."""
    client = Client()
    client.cookies["sessionid"] = session_key
    clock.at(11, 0)
    assert client.get(f"/booths/{place['honey'].slug}/").status_code == 200
    assert client.get(f"/products/{place['jar'].slug}/").status_code == 200
    assert client.get("/booths/no-such-booth/").status_code == 404  # not a page view
    assert client.get("/search/", {"q": "rượu táo mèo"}).status_code == 200
    assert client.get("/search/", {"q": "0912345678"}).status_code == 200  # a phone number: never kept


def answer_after_90_seconds(ack):
    visitor_message = Message.objects.get(id=ack["id"])
    reply = Message.objects.get(conversation_id=ack["conversation"], sender=Message.Sender.PRODUCER)
    Message.objects.filter(id=reply.id).update(created_at=visitor_message.created_at + datetime.timedelta(seconds=90))


def roll_up():
    assert recorder.flush() > 0
    services.rollup_run()


async def test_the_dashboards_show_exactly_what_happened(place, clock):
    sessions, ack = await play_the_day(place, clock)
    await sync_to_async(pages_and_search)(place, clock, sessions["v5"])
    await sync_to_async(answer_after_90_seconds)(ack)
    await sync_to_async(roll_up)()
    await sync_to_async(check_numbers)(place)
    await sync_to_async(check_pages)(place, sessions)


def check_numbers(place):
    fair, honey, tea, jar = place["fair"], place["honey"], place["tea"], place["jar"]
    today = selectors.period_for(fair=fair, name="today")
    h = selectors.summary(scope=Scope.BOOTH, keys=[honey.id, tea.id], period=today)
    honey_n, tea_n = h[honey.id], h[tea.id]
    assert honey_n["visits"] == 3 and tea_n["visits"] == 1
    assert honey_n["booth_visitors"] == 3 and honey_n["visitors"] == 4  # v1, v2, v3 entered; v5 read its pages
    assert honey_n["dwell_count"] == 3
    assert honey_n["dwell_total"] == 120 + 150 + 105  # the dead phone ends at its last ping + the 45 s TTL
    assert honey_n["median_dwell"] == 120 and tea_n["median_dwell"] == 60
    assert honey_n["model_views"] == 1 and honey_n["tour_starts"] == 1 and honey_n["tour_completions"] == 1
    assert honey_n["chats"] == 1 and honey_n["messages"] == 2 and honey_n["replies"] == 1
    assert honey_n["median_reply"] == 90
    assert honey_n["orders"] == 1 and honey_n["order_value"] == 500000
    assert (honey_n["chatters"], honey_n["buyers"]) == (1, 1)
    assert honey_n["chat_rate"] == 33.3 and honey_n["order_rate"] == 33.3
    assert honey_n["page_views"] == 2  # the booth's page and its product's page

    fair_n = selectors.summary(scope=Scope.FAIR, keys=[fair.id], period=today)[fair.id]
    assert fair_n["visits"] == 4 and fair_n["visitors"] == 4 and fair_n["booth_visitors"] == 3
    assert fair_n["orders"] == 1 and fair_n["order_value"] == 500000

    products = selectors.summary(scope=Scope.PRODUCT, keys=[jar.id, place["comb"].id, place["leaf"].id], period=today,
                                 within={"fair_id": fair.id})
    assert products[jar.id]["model_views"] == 1 and products[jar.id]["line_orders"] == 1
    assert products[jar.id]["line_value"] == 500000 and products[jar.id]["page_views"] == 1
    assert products[place["leaf"].id]["model_views"] == 0  # another booth's product sent from the honey booth

    hours = {h["hour"]: h for h in selectors.by_hour(within={"fair_id": fair.id}, period=today)}
    assert hours[9]["visits"] == 3 and hours[10]["visits"] == 1 and hours[9]["orders"] == 1
    assert sum(h["visits"] for h in hours.values()) == 4

    heat = selectors.heat(hall_id=place["hall"].id, period=today)
    assert heat == {(2, -1): 1}
    assert [m["term"] for m in selectors.search_misses(period=today)] == ["rượu táo mèo"]


def check_pages(place, sessions):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(make_user(organizer=True))
    page = client.get("/studio/analytics/", {"fair": place["fair"].slug, "period": "today"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quyet Thang honey" in html and 'id="analytics-chart-data"' in html and "<svg" in html
    assert "rượu táo mèo" in html
    found = client.get("/studio/analytics/", {"fair": place["fair"].slug, "period": "today", "format": "csv", "table": "booths"})
    assert found["Content-Type"].startswith("text/csv") and found.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(found.content.decode("utf-8-sig"))))
    header, first = rows[0], rows[1]
    assert header[:3] == ["Name", "Unique visitors", "Booth visits"]
    assert first[0] == "Quyet Thang honey" and first[1:3] == ["4", "3"]
    cell = dict(zip(header, first))
    assert cell["Median stay"] == "2 min 00 s" and cell["Total stay"] == "6 min 15 s"
    assert cell["Median reply time"] == "1 min 30 s"
    assert first[header.index("Order value")] == "500.000 ₫"

    vi = Client()
    vi.force_login(make_user(organizer=True))
    rows = list(csv.reader(io.StringIO(vi.get("/studio/analytics/", {"fair": place["fair"].slug, "format": "csv",
                                                                     "table": "booths"}).content.decode("utf-8-sig"))))
    assert rows[1][0] == "Gian Mật ong Quyết Thắng"  # diacritics intact through the BOM'd UTF-8

    producer = Client()
    producer.cookies["django_language"] = "en"
    producer.force_login(place["producer"])
    mine = producer.get("/producer/analytics/")
    assert mine.status_code == 200
    rows = list(csv.reader(io.StringIO(producer.get("/producer/analytics/", {"format": "csv", "table": "totals"})
                                       .content.decode("utf-8-sig"))))
    totals = dict(rows[1:])
    assert totals["Booth visits"] == "< 5" and totals["Unique visitors"] == "< 5" and totals["Orders"] == "< 5"
    assert totals["Median stay"] == "–" and totals["Visit → chat"] == "–"  # too few visits to show
    assert totals["3D model views"] == "< 5"

    # Nothing personal anywhere in analytics: no raw visitor id, session key, name or phone in any row.
    every_value = " ".join(str(v) for model in (Event, DayRollup, Distribution, HeatCell, HourRollup)
                           for row in model.objects.values() for v in row.values())
    for secret in [*sessions.values(), *[f"{n}-visitor-id-0001" for n in sessions], "Nguyễn", "Lan", "0912345678",
                   "Hàng Bạc", place["producer"].username]:
        assert secret not in every_value
    assert set(Event.objects.exclude(visitor="").values_list("visitor", flat=True)) and all(
        re.fullmatch(r"[0-9a-f]{16}", v) for v in Event.objects.exclude(visitor="").values_list("visitor", flat=True))
    assert not Event.objects.filter(kind="pos").exclude(visitor="").exists()  # positions carry no visitor mark
    assert DaySalt.objects.count() == 1


def test_rolling_up_twice_changes_nothing_and_late_events_count(place, clock):
    honey = place["honey"]
    clock.at(9, 0)
    recorder.record("enter", booth_id=honey.id, visitor_id="a")
    recorder.record("leave", booth_id=honey.id, visitor_id="a", value=30)
    roll_up()
    snapshot = lambda: sorted(HourRollup.objects.values_list("hour", "booth_id", "visits", "dwell_total"))  # noqa: E731
    first = snapshot()
    services.rollup_run()
    assert snapshot() == first
    clock.at(9, 59)  # a late event for an hour already rolled up
    recorder.record("enter", booth_id=honey.id, visitor_id="b")
    roll_up()
    today = selectors.period_for(fair=place["fair"], name="today")
    assert selectors.summary(scope=Scope.BOOTH, keys=[honey.id], period=today)[honey.id]["visits"] == 2
    assert selectors.summary(scope=Scope.BOOTH, keys=[honey.id], period=today)[honey.id]["visitors"] == 2


def test_salts_rotate_daily_so_two_days_cannot_be_linked(place, clock):
    day1 = clock.t.date()
    day2 = day1 + datetime.timedelta(days=1)
    first, second = recorder.visitor_hash("same-visitor", day1), recorder.visitor_hash("same-visitor", day2)
    assert first != second and len(first) == 16
    assert recorder.visitor_hash("same-visitor", day1) == first  # within a day, one visitor is one hash
    assert DaySalt.objects.count() == 2
    purged = services.purge(today=day2 + datetime.timedelta(days=1))  # day 1 is over (and its grace day)
    assert purged["salts"] == 1 and not DaySalt.objects.filter(day=day1).exists()
    assert recorder.visitor_hash("same-visitor", day1) != first  # a new key: day 1's hashes cannot be made again


def test_raw_events_are_kept_for_the_retention_only(place, clock, settings):
    settings.ANALYTICS_RETENTION_DAYS = 90
    recorder.record("enter", booth_id=place["honey"].id, visitor_id="a")
    roll_up()
    long_ago = datetime.timedelta(days=91)
    clock.t -= long_ago
    recorder.record("enter", booth_id=place["honey"].id, visitor_id="a")  # an event of 91 days ago
    roll_up()
    assert HourRollup.objects.count() == 2
    assert services.purge()["events"] == 1 and Event.objects.count() == 1
    assert HourRollup.objects.count() == 2  # rollups stay for ever
    services.rollup_run()
    assert HourRollup.objects.count() == 2  # and a later rollup does not lose the purged day's


def test_the_worker_rolls_up_soon_after_events_arrive(place, clock, settings):
    """A flush queues one rollup a minute later (not one per flush); the worker's job rolls up and purges."""
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    from fair.analytics.tasks import QUEUED_KEY, analytics_rollup

    settings.ANALYTICS_ROLLUP_SECONDS = 60
    cache.delete(QUEUED_KEY)
    recorder.record("enter", booth_id=place["honey"].id, visitor_id="a")
    assert recorder.flush() == 1
    recorder.record("enter", booth_id=place["honey"].id, visitor_id="b")
    assert recorder.flush() == 1
    jobs = DBTaskResult.objects.filter(task_path="fair.analytics.tasks.analytics_rollup")
    assert jobs.count() == 1 and jobs.get().run_after >= timezone.now() + datetime.timedelta(seconds=50)
    assert analytics_rollup.call() == [str(clock.t.date())]
    today = selectors.period_for(fair=place["fair"], name="today")
    assert selectors.summary(scope=Scope.BOOTH, keys=[place["honey"].id], period=today)[place["honey"].id]["visits"] == 2
