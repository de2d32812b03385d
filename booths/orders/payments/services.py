"""Writes of payments: a bank notification or the producer's "payment received" matched to its order; flagged
payments resolved by the producer; a transfer order not paid in time cancelled by the worker.

Every notification is stored once per (provider, transaction id): a replay, or the same one twice at once, hits
the unique constraint and changes nothing. The order row is locked (select_for_update) before it is judged, so a
payment and the expiry racing for the same order are decided one after the other: exactly one wins.
"""

import logging
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from booths.models import Producer
from booths.orders.models import Order, Payment
from booths.orders.payments import vietqr
from booths.orders.payments.providers import Notification
from booths.orders.services import MAX_REASON, announce_order, transition_locked
from booths.services import producer_can_act
from fair.errors import ClientError

log = logging.getLogger(__name__)
# Banks keep the note's letters and digits but may drop the dash, change the case or add their own words.
ORDER_IN_NOTE = re.compile(r"OCOP[\s\-_.]*([0-9A-F]{8})(?![0-9A-F])", re.IGNORECASE)
EXPIRED_REASON = "Quá hạn chuyển khoản · Not paid by bank transfer in time"  # both languages: the buyer reads it


def order_number_in(note: str) -> str | None:
    """The order number a transfer note names ("OCOP-3F9A1C2E", "ocop3f9a1c2e chuyen tien"), or None."""
    found = ORDER_IN_NOTE.search(note or "")
    return f"OCOP-{found.group(1).upper()}" if found else None


def _locked_order(number: str | None) -> Order | None:
    if not number:
        return None
    return (Order.objects.select_for_update(of=("self",)).select_related("booth__producer")
            .filter(number=number).first())


def _outcome(order: Order | None, amount_vnd: int) -> str:
    if order is None or order.payment != Order.Payment.TRANSFER:
        return Payment.Outcome.UNKNOWN
    if order.status == Order.Status.CANCELLED:
        return Payment.Outcome.LATE
    if order.status != Order.Status.AWAITING_PAYMENT:
        return Payment.Outcome.DUPLICATE
    if amount_vnd != order.total_vnd:
        return Payment.Outcome.MISMATCH
    return Payment.Outcome.MATCHED


def _producer_of_account(account: str) -> Producer | None:
    digits = vietqr.account_digits(account)
    if not digits:
        return None
    for producer in Producer.objects.exclude(bank_account_number=""):
        if vietqr.account_digits(producer.bank_account_number) == digits:
            return producer
    return None


def payment_receive(*, provider: str, notification: Notification) -> tuple[Payment, bool]:
    """A transfer a bank-notification service reported: stored once, applied only when it pays its order exactly.

    Returns the payment and whether it is new (False for a replay or a duplicate that lost a race)."""
    existing = Payment.objects.filter(provider=provider, transaction_id=notification.transaction_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            order = _locked_order(order_number_in(notification.note))
            outcome = _outcome(order, notification.amount_vnd)
            payment = Payment.objects.create(
                provider=provider, transaction_id=notification.transaction_id, order=order,
                producer=order.booth.producer if order else _producer_of_account(notification.account),
                amount_vnd=notification.amount_vnd, note=notification.note, account=notification.account,
                outcome=outcome, raw=notification.raw)
            if outcome == Payment.Outcome.MATCHED:
                transition_locked(order, to=Order.Status.PAID, actor="system",
                                  reason=f"{provider} {notification.transaction_id}"[:MAX_REASON], booth=order.booth)
            elif order is not None:
                announce_order(order)  # the producer's console shows the payment to resolve
    except IntegrityError:
        # The same notification raced in (two deliveries at once): the first one stored it; nothing else changes.
        existing = Payment.objects.filter(provider=provider, transaction_id=notification.transaction_id).first()
        if existing is None:
            raise
        return existing, False
    if outcome != Payment.Outcome.MATCHED:
        log.warning("payment %s:%s recorded as %s for the producer to resolve", provider, payment.transaction_id, outcome)
    return payment, True


def payment_mark_received(*, order: Order, user, amount_vnd: int) -> Payment:
    """The producer saw the money arrive in their bank app: the order becomes paid (the amount must be its total)."""
    if not producer_can_act(user=user, producer=order.booth.producer):
        raise ClientError("not_found", _("No such order."))
    if not isinstance(amount_vnd, int) or isinstance(amount_vnd, bool) or amount_vnd <= 0:
        raise ClientError("bad_field", _("Write the amount that arrived, in đồng."))
    with transaction.atomic():
        current = _locked_order(order.number)
        if current.payment != Order.Payment.TRANSFER or current.status != Order.Status.AWAITING_PAYMENT:
            raise ClientError("illegal_transition", _("Only an order awaiting a bank transfer can be marked paid."))
        if amount_vnd != current.total_vnd:
            raise ClientError("amount_mismatch", _("The order's total is %(total)s đồng, not %(amount)s: check the "
                                                   "transfer with the buyer before marking it paid.")
                              % {"total": f"{current.total_vnd:,}".replace(",", "."), "amount": f"{amount_vnd:,}".replace(",", ".")})
        payment = Payment.objects.create(provider="manual", transaction_id=f"manual:{current.number}", order=current,
                                         producer=current.booth.producer, amount_vnd=amount_vnd, note=current.number,
                                         outcome=Payment.Outcome.MANUAL, user=user)
        transition_locked(current, to=Order.Status.PAID, actor="producer", user=user,
                          reason=_("Payment received: %(amount)s đồng") % {"amount": f"{amount_vnd:,}".replace(",", ".")},
                          booth=current.booth)
    return payment


def payment_resolve(*, payment: Payment, user, resolution: str) -> Payment:
    """The producer says what they did about a flagged payment (refunded, re-opened by hand, kept): it leaves the list."""
    if payment.producer is None or not producer_can_act(user=user, producer=payment.producer):
        raise ClientError("not_found", _("No such payment."))
    resolution = (resolution or "").strip()[:MAX_REASON]
    if not resolution:
        raise ClientError("reason_needed", _("Say what was done: refunded, or re-opened with the buyer."))
    with transaction.atomic():
        updated = Payment.objects.filter(pk=payment.pk, resolved_at__isnull=True,
                                         outcome__in=Payment.NEEDS_PRODUCER).update(resolved_at=timezone.now(),
                                                                                    resolution=resolution)
        if not updated:
            raise ClientError("conflict", _("This payment needs nothing more."))
        if payment.order_id:
            announce_order(Order.objects.select_related("booth").get(pk=payment.order_id))
    payment.refresh_from_db()
    return payment


def order_expire_now(order_id: int) -> bool:
    """Cancel a transfer order still awaiting payment after its time (stock given back once); False if it was paid
    or changed meanwhile (the payment won)."""
    with transaction.atomic():
        current = Order.objects.select_for_update(of=("self",)).select_related("booth").filter(pk=order_id).first()
        if (current is None or current.status != Order.Status.AWAITING_PAYMENT or current.pay_by is None
                or current.pay_by > timezone.now()):
            return False
        transition_locked(current, to=Order.Status.CANCELLED, actor="system", reason=EXPIRED_REASON, booth=current.booth)
    return True


@task()
def order_expire(order_id: int) -> bool:
    """The worker's job at an order's pay-by time (enqueued when it is placed)."""
    return order_expire_now(order_id)


def orders_expire_due() -> int:
    """Cancel every transfer order past its time (a safety net for jobs lost with a worker's database)."""
    due = Order.objects.filter(status=Order.Status.AWAITING_PAYMENT, pay_by__lte=timezone.now()).values_list("pk", flat=True)
    return sum(order_expire_now(pk) for pk in list(due))
