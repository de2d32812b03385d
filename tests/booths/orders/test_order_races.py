"""Races on real databases (a SQLite file in the first pass, PostgreSQL in the second): threads released together."""

import threading

import pytest
from django.db import connection, connections

from booths.models import Product
from booths.orders import services
from booths.orders.models import Order
from fair.errors import ClientError
from tests.factories import make_booth, make_product

pytestmark = pytest.mark.django_db(transaction=True)
CONTACT = {"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "note": "", "payment": "cod"}


def race(count, work):
    """Run work(i) in `count` threads that start at the same instant; return results or ClientErrors."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except ClientError as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_twenty_buyers_for_the_last_jar_make_exactly_one_order():
    assert connection.vendor in ("sqlite", "postgresql")
    if connection.vendor == "sqlite":
        assert connection.settings_dict["NAME"] != ":memory:" and "memory" not in str(connection.settings_dict["NAME"])
    booth = make_booth()
    jar = make_product(booth=booth, stock=1)
    results = race(20, lambda i: services.order_place(
        booth=booth, visitor_id=f"buyer-{i}", lines=[{"product": jar.slug, "quantity": 1}], contact=CONTACT,
        idempotency_key=f"key-buyer-{i:04d}"))
    orders = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, ClientError)]
    assert len(orders) == 1 and len(refused) == 19
    assert {r.code for r in refused} == {"sold_out"}
    assert Product.objects.get(pk=jar.pk).stock == 0
    assert Order.objects.count() == 1


def test_a_double_tap_makes_one_order():
    booth = make_booth()
    jar = make_product(booth=booth, stock=5)
    results = race(2, lambda i: services.order_place(
        booth=booth, visitor_id="same-visitor", lines=[{"product": jar.slug, "quantity": 1}], contact=CONTACT,
        idempotency_key="key-double-tap"))
    assert all(isinstance(r, tuple) for r in results), results
    assert results[0][0].pk == results[1][0].pk
    assert sorted(created for _, created in results) == [False, True]
    assert Order.objects.count() == 1 and Product.objects.get(pk=jar.pk).stock == 4


def test_orders_sharing_products_in_opposite_order_do_not_deadlock():
    booth = make_booth()
    honey, mango = make_product(booth=booth, stock=10), make_product(booth=booth, stock=10)
    lines = [[{"product": honey.slug, "quantity": 1}, {"product": mango.slug, "quantity": 1}],
             [{"product": mango.slug, "quantity": 1}, {"product": honey.slug, "quantity": 1}]]
    for round_ in range(5):
        results = race(2, lambda i: services.order_place(
            booth=booth, visitor_id=f"v{i}", lines=lines[i], contact=CONTACT, idempotency_key=f"key-{round_}-{i}-xx"))
        assert all(isinstance(r, tuple) for r in results), results
    assert Product.objects.get(pk=honey.pk).stock == 0 and Product.objects.get(pk=mango.pk).stock == 0
    assert Order.objects.count() == 10


def test_two_cancellations_at_once_restore_stock_once():
    booth = make_booth()
    jar = make_product(booth=booth, stock=3)
    order, _ = services.order_place(booth=booth, visitor_id="v", lines=[{"product": jar.slug, "quantity": 2}],
                                    contact=CONTACT, idempotency_key="key-cancel-race")
    results = race(2, lambda i: services.order_transition(order=Order.objects.get(pk=order.pk), to="cancelled", actor="visitor"))
    assert sum(isinstance(r, ClientError) for r in results) == 1
    assert Product.objects.get(pk=jar.pk).stock == 3
