"""Payments racing each other and the expiry, with threads released together (SQLite file here; the same
scenarios run on PostgreSQL in tests/services/test_payment_races_postgres.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from booths.models import Product
from booths.orders import services
from booths.orders.models import Order, OrderEvent, Payment
from booths.orders.payments.providers import Notification
from booths.orders.payments.services import order_expire_now, payment_receive
from tests.booths.orders.test_order_races import race
from tests.factories import make_booth, make_product

pytestmark = pytest.mark.django_db(transaction=True)
CONTACT = {"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "note": "", "payment": "transfer"}


def transfer_order(quantity=2, key="key-race-0001"):
    booth = make_booth()
    producer = booth.producer
    producer.bank_bin, producer.bank_account_number = "970405", "510020260001"
    producer.save()
    product = make_product(booth=booth, price_vnd=50000, stock=5)
    order, _ = services.order_place(booth=booth, visitor_id="v1", lines=[{"product": product.slug, "quantity": quantity}],
                                    contact=CONTACT, idempotency_key=key)
    return order, product


def receive(order, transaction_id, amount=None):
    return payment_receive(provider="generic", notification=Notification(
        transaction_id=transaction_id, amount_vnd=amount or order.total_vnd, note=order.number))


def scenario_the_same_notification_twice_at_once_is_stored_once():
    order, _ = transfer_order()
    results = race(2, lambda i: receive(order, "FT-SAME"))
    assert sorted(new for _, new in results) == [False, True]
    assert Payment.objects.count() == 1
    assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 1
    assert Order.objects.get(pk=order.pk).status == "paid"


def scenario_two_payments_at_once_one_pays_the_other_is_flagged():
    order, _ = transfer_order()
    results = race(2, lambda i: receive(order, f"FT-{i}"))
    assert sorted(payment.outcome for payment, _ in results) == ["duplicate", "matched"]
    assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 1


def scenario_expiry_racing_a_payment_exactly_one_wins():
    for round_ in range(4):
        order, product = transfer_order(key=f"key-race-exp-{round_}")
        Order.objects.filter(pk=order.pk).update(pay_by=timezone.now() - timedelta(seconds=1))
        results = race(2, lambda i: order_expire_now(order.pk) if i == 0 else receive(order, f"FT-EXP-{round_}"))
        expired, (payment, _) = results
        order.refresh_from_db()
        stock = Product.objects.get(pk=product.pk).stock
        if expired:
            assert order.status == "cancelled" and payment.outcome == "late" and stock == 5
        else:
            assert order.status == "paid" and payment.outcome == "matched" and stock == 3
        assert OrderEvent.objects.filter(order=order, to_status__in=["paid", "cancelled"]).count() == 1


def scenario_expiry_twice_at_once_restores_stock_once():
    order, product = transfer_order(quantity=3)
    Order.objects.filter(pk=order.pk).update(pay_by=timezone.now() - timedelta(seconds=1))
    assert sorted(race(3, lambda i: order_expire_now(order.pk))) == [False, False, True]
    assert Product.objects.get(pk=product.pk).stock == 5


def test_the_same_notification_twice_at_once_is_stored_once():
    scenario_the_same_notification_twice_at_once_is_stored_once()


def test_two_payments_at_once_one_pays_the_other_is_flagged():
    scenario_two_payments_at_once_one_pays_the_other_is_flagged()


def test_expiry_racing_a_payment_exactly_one_wins():
    scenario_expiry_racing_a_payment_exactly_one_wins()


def test_expiry_twice_at_once_restores_stock_once():
    scenario_expiry_twice_at_once_restores_stock_once()
