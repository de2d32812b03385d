"""Orders over websockets: placing from the booth, the producer moving it, the visitor following it, live stock."""

import pytest
from asgiref.sync import sync_to_async

from booths.models import Product
from booths.orders.models import Order
from tests.factories import make_booth, make_product, make_user
from tests.realtime.helpers import connect, make_user_session, make_visitor_session, receive_type, receive_types, send

pytestmark = [pytest.mark.django_db(transaction=True)]
CONTACT = {"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "note": "Gọi trước", "payment": "cod"}


async def test_order_placed_followed_and_moved_live():
    booth = await sync_to_async(make_booth)()
    jar = await sync_to_async(make_product)(booth=booth, stock=2, price_vnd=250000)
    staff = await sync_to_async(make_user)(producer=booth.producer)
    session = await make_visitor_session()
    visitor = await connect(f"/ws/booths/{booth.slug}/", session)
    console = await connect("/ws/producer/", await make_user_session(staff))
    snapshot = await receive_type(console, "console.snapshot")
    assert snapshot["products"][0] == {"slug": jar.slug, "name": jar.name_vi, "stock": 2, "low": True, "booth": booth.slug}

    place = {"type": "order.place", "idempotency_key": "k-000000001", "lines": [{"product": jar.slug, "quantity": 2}], "contact": CONTACT}
    await send(visitor, **place)
    placed, stock = await receive_types(visitor, "order.placed", "product.stock")
    assert placed["order"]["total_vnd"] == 500000 and placed["order"]["status"] == "placed"
    assert stock == {"type": "product.stock", "product": jar.slug, "stock": 0, "sold_out": True, "low": True}
    new = await receive_type(console, "order.status")
    assert new["new"] is True and new["order"]["note"] == "Gọi trước" and new["order"]["lines"][0]["quantity"] == 2

    await send(visitor, **place)  # the ack was lost; the same key again
    again = await receive_type(visitor, "order.placed")
    assert again["order"]["number"] == placed["order"]["number"]
    assert await sync_to_async(Order.objects.count)() == 1

    follower = await connect("/ws/orders/", session)
    await send(follower, type="order.follow", number=placed["order"]["number"])
    assert (await receive_type(follower, "order.status"))["order"]["status"] == "placed"
    await send(console, type="order.transition", number=placed["order"]["number"], to="confirmed")
    assert (await receive_type(follower, "order.status"))["order"]["status"] == "confirmed"
    await send(console, type="order.transition", number=placed["order"]["number"], to="delivered")
    assert (await receive_type(console, "error"))["code"] == "illegal_transition"
    await send(console, type="order.transition", number=placed["order"]["number"], to="cancelled")
    assert (await receive_type(console, "error"))["code"] == "reason_needed"
    await send(console, type="order.transition", number=placed["order"]["number"], to="cancelled", reason="Hũ bị vỡ")
    cancelled = await receive_type(follower, "order.status")
    assert cancelled["order"]["status"] == "cancelled" and cancelled["order"]["cancel_reason"] == "Hũ bị vỡ"
    assert (await receive_type(visitor, "product.stock"))["stock"] == 2
    for socket in (visitor, console, follower):
        await socket.disconnect()


async def test_same_key_other_payload_and_sold_out_are_clear_errors():
    booth = await sync_to_async(make_booth)()
    jar = await sync_to_async(make_product)(booth=booth, stock=1)
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(visitor, type="order.place", idempotency_key="k-000000002", lines=[{"product": jar.slug, "quantity": 1}], contact=CONTACT)
    await receive_type(visitor, "order.placed")
    await send(visitor, type="order.place", idempotency_key="k-000000002", lines=[{"product": jar.slug, "quantity": 2}], contact=CONTACT)
    assert (await receive_type(visitor, "error"))["code"] == "key_reused"
    await send(visitor, type="order.place", idempotency_key="k-000000003", lines=[{"product": jar.slug, "quantity": 1}], contact=CONTACT)
    assert (await receive_type(visitor, "error"))["code"] == "sold_out"
    await send(visitor, type="order.place", idempotency_key="k-000000004", lines="two jars", contact=CONTACT)
    assert (await receive_type(visitor, "error"))["code"] == "bad_field"
    await visitor.disconnect()


async def test_nobody_follows_or_moves_someone_elses_order():
    booth = await sync_to_async(make_booth)()
    jar = await sync_to_async(make_product)(booth=booth, stock=3)
    owner = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    await send(owner, type="order.place", idempotency_key="k-000000005", lines=[{"product": jar.slug, "quantity": 1}], contact=CONTACT)
    number = (await receive_type(owner, "order.placed"))["order"]["number"]
    stranger = await connect("/ws/orders/", await make_visitor_session())
    await send(stranger, type="order.follow", number=number)
    assert (await receive_type(stranger, "error"))["code"] == "not_found"
    await send(stranger, type="order.cancel", number=number)
    assert (await receive_type(stranger, "error"))["code"] == "not_found"
    other_producer = (await sync_to_async(make_booth)()).producer
    outsider = await connect("/ws/producer/", await make_user_session(await sync_to_async(make_user)(producer=other_producer)))
    await receive_type(outsider, "console.snapshot")
    await send(outsider, type="order.transition", number=number, to="confirmed")
    assert (await receive_type(outsider, "error"))["code"] == "not_found"
    await send(outsider, type="stock.set", product=jar.slug, stock=0)
    assert (await receive_type(outsider, "error"))["code"] == "not_found"
    assert (await sync_to_async(Order.objects.get)(number=number)).status == "placed"
    assert (await sync_to_async(Product.objects.get)(pk=jar.pk)).stock == 2
    for socket in (owner, stranger, outsider):
        await socket.disconnect()


async def test_producer_sets_stock_and_open_booth_pages_hear_it():
    booth = await sync_to_async(make_booth)()
    jar = await sync_to_async(make_product)(booth=booth, stock=0)
    staff = await sync_to_async(make_user)(producer=booth.producer)
    visitor = await connect(f"/ws/booths/{booth.slug}/", await make_visitor_session())
    console = await connect("/ws/producer/", await make_user_session(staff))
    await receive_type(console, "console.snapshot")
    await send(console, type="stock.set", product=jar.slug, stock=12)
    assert (await receive_type(visitor, "product.stock")) == {"type": "product.stock", "product": jar.slug, "stock": 12,
                                                               "sold_out": False, "low": False}
    assert (await receive_type(console, "product.stock"))["stock"] == 12
    await send(console, type="stock.set", product=jar.slug, stock=-1)
    assert (await receive_type(console, "error"))["code"] == "bad_field"
    await visitor.disconnect()
    await console.disconnect()


async def test_errors_come_in_the_visitors_language():
    booth = await sync_to_async(make_booth)()
    jar = await sync_to_async(make_product)(booth=booth, stock=0, name_vi="Mật ong hoa nhãn", name_en="Longan honey")
    from channels.testing import WebsocketCommunicator
    from django.conf import settings

    from fair.asgi import application
    from tests.realtime.helpers import ORIGIN

    for language, expected in (("vi", "Không đủ Mật ong hoa nhãn"), ("en", "Not enough left of Longan honey")):
        communicator = WebsocketCommunicator(application, f"/ws/booths/{booth.slug}/", headers=[
            ORIGIN, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={await make_visitor_session()}; "
                               f"{settings.LANGUAGE_COOKIE_NAME}={language}".encode())])
        assert (await communicator.connect())[0]
        await send(communicator, type="order.place", idempotency_key="k-lang-0001", lines=[{"product": jar.slug, "quantity": 1}],
                   contact=CONTACT)
        error = await receive_type(communicator, "error")
        assert error["code"] == "sold_out" and error["message"].startswith(expected)
        await communicator.disconnect()
