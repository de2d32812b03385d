"""Counting never breaks the fair, keeps nothing personal, and shows each dashboard only to whom it belongs."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.apps import apps
from django.test import Client

from booths.conversations.models import Message
from booths.orders.models import Order
from fair.analytics import recorder
from fair.analytics.models import Event
from realtime import protocol
from tests.factories import make_booth, make_product, make_user
from tests.realtime.helpers import connect, make_visitor_session, receive_type, send

CONTACT = {"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "note": "", "payment": "cod"}
PERSONAL = {"user", "user_id", "session", "session_key", "ip", "ip_address", "address", "phone", "name", "email",
            "visitor_id", "author", "author_name", "username", "contact", "text", "client_id"}


@pytest.mark.django_db(transaction=True)
async def test_when_the_analytics_write_fails_chats_and_orders_still_succeed(monkeypatch, caplog):
    booth = await sync_to_async(make_booth)()
    product = await sync_to_async(make_product)(booth=booth, stock=5)

    monkeypatch.setattr(Event._meta, "db_table", "analytics_event_gone")  # the database refuses every write
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(visitor, type="chat.send", client_id="c-1", text="Còn hàng không?")
    assert (await receive_type(visitor, "chat.ack"))["id"]
    await send(visitor, type="order.place", idempotency_key="key-0000001", lines=[{"product": product.slug, "quantity": 1}],
               contact=CONTACT)
    assert (await receive_type(visitor, "order.placed"))["order"]["status"] == "placed"
    await visitor.disconnect()
    assert await sync_to_async(Message.objects.count)() == 1 and await sync_to_async(Order.objects.count)() == 1
    assert await sync_to_async(recorder.flush)() == 0  # the batch is dropped, logged, and nothing raises
    assert recorder.buffer.failed >= 4 and "Could not write" in caplog.text


@pytest.mark.django_db(transaction=True)
async def test_when_noting_a_fact_fails_the_chat_still_succeeds(monkeypatch):
    booth = await sync_to_async(make_booth)()

    def broken(fact):
        raise RuntimeError("buffer broken")

    monkeypatch.setattr(recorder.buffer, "add", broken)
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(visitor, type="chat.send", client_id="c-1", text="Xin chào")
    assert (await receive_type(visitor, "chat.ack"))["id"]
    await visitor.disconnect()


@pytest.mark.django_db
def test_the_buffer_is_bounded(settings):
    settings.ANALYTICS_BUFFER_MAX = 3
    before = recorder.buffer.dropped
    for _ in range(5):
        recorder.record("tour_start", booth_id=1)
    assert len(recorder.buffer.items) == 3 and recorder.buffer.dropped == before + 2


@pytest.mark.django_db
def test_a_rolled_back_order_is_not_counted():
    from django.db import transaction

    booth = make_booth()
    with pytest.raises(RuntimeError), transaction.atomic():
        Order.objects.create(booth=booth, number="OCOP-X1", visitor_id="v", idempotency_key="k" * 8, payload_hash="h",
                             name="Lan", phone="0912345678", address="x", payment="cod", total_vnd=1)
        raise RuntimeError
    assert recorder.buffer.items == []


def test_no_analytics_table_has_a_personal_field():
    for model in apps.get_app_config("analytics").get_models():
        names = {f.name for f in model._meta.get_fields()} | {f.column for f in model._meta.concrete_fields}
        assert not names & PERSONAL, f"{model.__name__} has {names & PERSONAL}"


def test_analytics_messages_carry_no_personal_field():
    declared = [t for t in protocol.TYPES if t.name.startswith("analytics.")]
    assert {t.name for t in declared} == {"analytics.model", "analytics.tour", "analytics.position"}
    for t in declared:
        assert not set(t.fields) & PERSONAL and not set(t.example) & PERSONAL


@pytest.mark.parametrize("message, code", [
    ({"type": "analytics.position", "x": "1", "z": 0}, "bad_field"),
    ({"type": "analytics.position", "x": True, "z": 0}, "bad_field"),
    ({"type": "analytics.position", "x": 10 ** 400, "z": 0}, "bad_field"),
    ({"type": "analytics.position", "x": 1}, "bad_field"),
])
def test_positions_are_validated(message, code):
    with pytest.raises(protocol.ClientError) as raised:
        protocol.parse(json.dumps(message), socket="hall")
    assert raised.value.code == code


def test_a_negative_position_is_a_position():
    assert protocol.parse('{"type": "analytics.position", "x": -12.5, "z": 3}', socket="hall")["x"] == -12.5
    with pytest.raises(protocol.ClientError):
        protocol.parse('{"type": "analytics.position", "x": NaN, "z": 3}', socket="hall")
    with pytest.raises(protocol.ClientError):  # only on the hall's socket
        protocol.parse('{"type": "analytics.position", "x": 1, "z": 3}', socket="booth")


@pytest.mark.django_db(transaction=True)
async def test_tour_steps_are_validated_and_counted_once():
    booth = await sync_to_async(make_booth)()
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(visitor, type="analytics.tour", step=5, steps=3)
    assert (await receive_type(visitor, "error"))["code"] == "bad_field"
    for _ in range(3):
        await send(visitor, type="analytics.tour", step=0, steps=2)
    await send(visitor, type="analytics.tour", step=1, steps=2)
    await send(visitor, type="booth.resume", after=0)
    await receive_type(visitor, "booth.announcements")
    kinds = [f.kind for f in recorder.buffer.items]
    assert kinds.count("tour_start") == 1 and kinds.count("tour_done") == 1
    await visitor.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_positions_are_sampled_and_carry_no_visitor():
    booth = await sync_to_async(make_booth)()
    walker = await connect(f"/ws/halls/{booth.hall_id}/", await make_visitor_session())
    for n in range(5):
        await send(walker, type="analytics.position", x=n, z=n)
    await send(walker, type="analytics.position", x="here", z=0)  # refused: its error says all before it were handled
    assert (await receive_type(walker, "error"))["code"] == "bad_field"
    positions = [f for f in recorder.buffer.items if f.kind == "pos"]
    assert len(positions) == 1 and positions[0].visitor_id == "" and positions[0].hall_id == booth.hall_id
    await walker.disconnect()


@pytest.mark.django_db
def test_who_sees_which_dashboard():
    mine, other = make_booth(), make_booth()
    staff, other_staff = make_user(producer=mine.producer), make_user(producer=other.producer)
    anonymous = Client()
    assert anonymous.get("/studio/analytics/").status_code == 302  # sign in first
    assert anonymous.get("/producer/analytics/").status_code == 302
    visitor = Client()
    visitor.force_login(make_user())
    assert visitor.get("/studio/analytics/").status_code == 403
    assert visitor.get("/producer/analytics/").status_code == 403
    producer = Client()
    producer.force_login(staff)
    assert producer.get("/studio/analytics/").status_code == 403  # organizers only
    assert producer.get("/producer/analytics/").status_code == 200
    assert producer.get("/producer/analytics/", {"booth": mine.slug}).status_code == 200
    assert producer.get("/producer/analytics/", {"booth": other.slug}).status_code == 403  # only its own booth
    assert producer.get("/producer/analytics/", {"booth": other.slug, "format": "csv", "table": "totals"}).status_code == 403
    page = producer.get("/producer/analytics/").content.decode()
    assert mine.title_vi in page and other.title_vi not in page
    organizer = Client()
    organizer.force_login(make_user(organizer=True))
    assert organizer.get("/studio/analytics/").status_code == 200
    assert organizer.get("/studio/analytics/", {"fair": mine.hall.fair.slug, "booth": mine.slug}).status_code == 200
    assert organizer.get("/studio/analytics/", {"fair": "no-such-fair"}).status_code == 404
    assert organizer.get("/studio/analytics/", {"fair": mine.hall.fair.slug, "format": "csv", "table": "nope"}).status_code == 404
    assert other_staff.pk != staff.pk
