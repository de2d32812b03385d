"""Ordering rules: server prices, all-or-nothing stock, idempotent placing, the status machine, events."""

import pytest
from django.db import IntegrityError, transaction

from booths.models import Product
from booths.orders import services
from booths.orders.models import Order, OrderEvent
from fair.errors import ClientError
from tests.factories import make_booth, make_product, make_user

pytestmark = pytest.mark.django_db
CONTACT = {"name": "Lan", "phone": "0912 345 678", "address": "12 Hàng Bạc, Hà Nội", "note": "Gọi trước", "payment": "cod"}


def place(booth, lines, key="key-00000001", visitor="v1", contact=CONTACT):
    return services.order_place(booth=booth, visitor_id=visitor, lines=lines, contact=contact, idempotency_key=key)


@pytest.fixture
def booth():
    return make_booth()


def test_prices_and_totals_come_from_the_server(booth):
    honey = make_product(booth=booth, price_vnd=250000, stock=10)
    mango = make_product(booth=booth, price_vnd=75000, stock=10)
    order, created = place(booth, [{"product": honey.slug, "quantity": 2}, {"product": mango.slug, "quantity": 1},
                                   {"product": honey.slug, "quantity": 1, "price": 1}])
    assert created and order.total_vnd == 3 * 250000 + 75000
    assert sorted((l.product.slug, l.quantity, l.unit_price_vnd) for l in order.lines.all()) == sorted(
        [(honey.slug, 3, 250000), (mango.slug, 1, 75000)])
    honey.refresh_from_db()
    assert honey.stock == 7
    assert order.phone == "0912345678"
    assert [(e.from_status, e.to_status, e.actor) for e in order.events.all()] == [("", "placed", "visitor")]


def test_an_order_takes_all_its_stock_or_none(booth):
    honey = make_product(booth=booth, stock=5)
    mango = make_product(booth=booth, stock=1)
    with pytest.raises(ClientError) as problem:
        place(booth, [{"product": honey.slug, "quantity": 2}, {"product": mango.slug, "quantity": 2}])
    assert problem.value.code == "sold_out"
    assert Product.objects.get(pk=honey.pk).stock == 5 and Product.objects.get(pk=mango.pk).stock == 1
    assert Order.objects.count() == 0


@pytest.mark.parametrize("lines, code", [
    ([], "empty_order"),
    ([{"product": "x", "quantity": 0}], "bad_quantity"),
    ([{"product": "x", "quantity": 100}], "bad_quantity"),
    ([{"product": "x", "quantity": 1.5}], "bad_line"),
    ([{"product": "x", "quantity": True}], "bad_line"),
    ("all of it", "empty_order"),
    ([{"product": "not-in-this-booth", "quantity": 1}], "unknown_product"),
])
def test_bad_lines_are_refused(booth, lines, code):
    with pytest.raises(ClientError) as problem:
        place(booth, lines)
    assert problem.value.code == code


def test_products_of_another_booth_or_hidden_cannot_be_ordered(booth):
    other = make_product(stock=5)
    hidden = make_product(booth=booth, stock=5, is_published=False)
    for product in (other, hidden):
        with pytest.raises(ClientError) as problem:
            place(booth, [{"product": product.slug, "quantity": 1}])
        assert problem.value.code == "unknown_product"


@pytest.mark.parametrize("change", [{"name": ""}, {"phone": "12"}, {"address": "HN"}, {"payment": "bitcoin"}])
def test_contact_is_checked(booth, change):
    honey = make_product(booth=booth, stock=5)
    with pytest.raises(ClientError) as problem:
        place(booth, [{"product": honey.slug, "quantity": 1}], contact={**CONTACT, **change})
    assert problem.value.code == "bad_contact"


def test_retry_with_the_same_key_returns_the_same_order(booth):
    honey = make_product(booth=booth, stock=5)
    first, created = place(booth, [{"product": honey.slug, "quantity": 1}])
    again, created_again = place(booth, [{"product": honey.slug, "quantity": 1}])
    assert created and not created_again and first.pk == again.pk
    assert Product.objects.get(pk=honey.pk).stock == 4


def test_same_key_with_another_payload_is_refused(booth):
    honey = make_product(booth=booth, stock=5)
    place(booth, [{"product": honey.slug, "quantity": 1}])
    with pytest.raises(ClientError) as problem:
        place(booth, [{"product": honey.slug, "quantity": 2}])
    assert problem.value.code == "key_reused"
    assert Order.objects.count() == 1 and Product.objects.get(pk=honey.pk).stock == 4


def test_keys_belong_to_their_visitor(booth):
    honey = make_product(booth=booth, stock=5)
    mine, _ = place(booth, [{"product": honey.slug, "quantity": 1}], visitor="a")
    theirs, created = place(booth, [{"product": honey.slug, "quantity": 1}], visitor="b")
    assert created and mine.pk != theirs.pk


def test_the_status_machine_and_its_events(booth):
    staff = make_user(producer=booth.producer)
    honey = make_product(booth=booth, stock=5)
    order, _ = place(booth, [{"product": honey.slug, "quantity": 2}])
    for to in ("confirmed", "shipped", "delivered"):
        order = services.order_transition(order=order, to=to, actor="producer", user=staff,
                                          tracking_note="VNPost 123" if to == "shipped" else "")
    assert order.status == "delivered" and order.tracking_note == "VNPost 123"
    events = list(OrderEvent.objects.filter(order=order).values_list("from_status", "to_status", "actor"))
    assert events == [("", "placed", "visitor"), ("placed", "confirmed", "producer"), ("confirmed", "shipped", "producer"),
                      ("shipped", "delivered", "producer")]
    assert OrderEvent.objects.filter(order=order, to_status="confirmed").get().user == staff
    with pytest.raises(ClientError) as problem:
        services.order_transition(order=order, to="cancelled", actor="producer", user=staff, reason="late")
    assert problem.value.code == "illegal_transition"


@pytest.mark.parametrize("path", [("shipped",), ("delivered",), ("confirmed", "placed"), ("cancelled", "confirmed")])
def test_illegal_transitions_are_refused(booth, path):
    staff = make_user(producer=booth.producer)
    order, _ = place(booth, [{"product": make_product(booth=booth, stock=5).slug, "quantity": 1}])
    with pytest.raises(ClientError) as problem:
        for to in path:
            order = services.order_transition(order=order, to=to, actor="producer", user=staff, reason="x")
    assert problem.value.code in ("illegal_transition", "bad_status")


def test_cancelling_restores_stock_exactly_once(booth):
    staff = make_user(producer=booth.producer)
    honey = make_product(booth=booth, stock=5)
    order, _ = place(booth, [{"product": honey.slug, "quantity": 3}])
    services.order_transition(order=order, to="cancelled", actor="producer", user=staff, reason="Hết hàng")
    with pytest.raises(ClientError):
        services.order_transition(order=order, to="cancelled", actor="producer", user=staff, reason="again")
    assert Product.objects.get(pk=honey.pk).stock == 5
    assert Order.objects.get(pk=order.pk).cancel_reason == "Hết hàng"


def test_producer_cancel_needs_a_reason_and_visitor_may_only_cancel_a_placed_order(booth):
    staff = make_user(producer=booth.producer)
    order, _ = place(booth, [{"product": make_product(booth=booth, stock=5).slug, "quantity": 1}])
    with pytest.raises(ClientError) as problem:
        services.order_transition(order=order, to="cancelled", actor="producer", user=staff)
    assert problem.value.code == "reason_needed"
    with pytest.raises(ClientError) as problem:
        services.order_transition(order=order, to="confirmed", actor="visitor")
    assert problem.value.code == "forbidden"
    services.order_transition(order=order, to="confirmed", actor="producer", user=staff)
    with pytest.raises(ClientError) as problem:
        services.order_transition(order=order, to="cancelled", actor="visitor")
    assert problem.value.code == "illegal_transition"


def test_another_producers_staff_cannot_touch_the_order(booth):
    outsider = make_user(producer=make_booth().producer)
    order, _ = place(booth, [{"product": make_product(booth=booth, stock=5).slug, "quantity": 1}])
    with pytest.raises(ClientError) as problem:
        services.order_transition(order=order, to="confirmed", actor="producer", user=outsider)
    assert problem.value.code == "not_found"
    assert Order.objects.get(pk=order.pk).status == "placed"


def test_quantities_and_stock_are_guarded_by_the_database(booth):
    order, _ = place(booth, [{"product": make_product(booth=booth, stock=5).slug, "quantity": 1}])
    with pytest.raises(IntegrityError), transaction.atomic():
        order.lines.update(quantity=0)


def test_restock_is_for_the_producer_only(booth):
    honey = make_product(booth=booth, stock=0)
    with pytest.raises(ClientError):
        services.product_set_stock(product=honey, user=make_user(producer=make_booth().producer), stock=9)
    services.product_set_stock(product=honey, user=make_user(producer=booth.producer), stock=9)
    assert Product.objects.get(pk=honey.pk).stock == 9
