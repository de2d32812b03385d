"""Paying by VietQR: the code read back by a real QR reader, transfer availability, the paid step, the webhook, expiry."""

import hashlib
import hmac
import io
import json
from datetime import timedelta

import PIL.Image
import pytest
import zxingcpp
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from vietnam_qr_pay import QRPay

from booths.models import Product
from booths.orders import services
from booths.orders.models import Order, Payment
from booths.orders.payments import providers, vietqr
from booths.orders.payments.services import (
    EXPIRED_REASON,
    order_expire_now,
    order_number_in,
    orders_expire_due,
    payment_mark_received,
    payment_resolve,
)
from fair.errors import ClientError
from tests.factories import make_booth, make_product, make_user

pytestmark = pytest.mark.django_db
CONTACT = {"name": "Lan", "phone": "0912 345 678", "address": "12 Hàng Bạc, Hà Nội", "note": "", "payment": "transfer"}
SECRET = "test-secret-of-the-generic-sender"
PAYOS_KEY = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b"


@pytest.fixture
def booth():
    booth = make_booth()
    producer = booth.producer
    producer.bank_bin, producer.bank_account_number, producer.bank_account_name = "970405", "5100 2026 0001", "HTX TOAN THANG"
    producer.save()
    return booth


@pytest.fixture
def secrets(settings):
    settings.PAYMENT_WEBHOOK_SECRETS = {"generic": SECRET, "payos": PAYOS_KEY}


def place(booth, quantity=2, key="key-pay-0001", contact=CONTACT, price=75000):
    product = make_product(booth=booth, price_vnd=price, stock=10)
    order, _ = services.order_place(booth=booth, visitor_id="v1", lines=[{"product": product.slug, "quantity": quantity}],
                                    contact=contact, idempotency_key=key)
    return order, product


# --- the VietQR payload and image ---------------------------------------------------------------------------------

def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(text: str) -> str:
    """Written here from the standard (poly 0x1021, init 0xFFFF), independent of the library."""
    crc = 0xFFFF
    for byte in text.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def hand_made(bin_code, account, amount, note):
    """A VietQR payload by hand from NAPAS's field list (docs/payments.md), to compare with the library's."""
    merchant = tlv("00", "A000000727") + tlv("01", tlv("00", bin_code) + tlv("01", account)) + tlv("02", "QRIBFTTA")
    body = (tlv("00", "01") + tlv("01", "12" if amount else "11") + tlv("38", merchant) + tlv("53", "704")
            + (tlv("54", str(amount)) if amount else "") + tlv("58", "VN") + (tlv("62", tlv("08", note)) if note else "") + "6304")
    return body + crc16_ccitt_false(body)


def test_the_crc_is_ccitt_false():
    assert crc16_ccitt_false("123456789") == "29B1"  # the standard's check value
    assert QRPay._gen_crc_code("123456789") == "29B1"


GOLDEN = [
    # (payload, bank BIN, account, amount, note): each written field by field from the format and checked by parsing.
    ("00020101021238560010A0000007270126000697040501125100202600010208QRIBFTTA530370454061500005802VN62170813OCOP-3F9A1C2E6304DE11",
     "970405", "510020260001", 150000, "OCOP-3F9A1C2E"),
    (hand_made("970436", "0011001234567", None, ""), "970436", "0011001234567", None, ""),  # static: no amount
    (hand_made("970422", "VQRQ00012345", 2500000, "OCOP-0A1B2C3D"), "970422", "VQRQ00012345", 2500000, "OCOP-0A1B2C3D"),
]


@pytest.mark.parametrize("payload,bank,account,amount,note", GOLDEN)
def test_golden_payloads_parse_back_to_their_fields(payload, bank, account, amount, note):
    assert vietqr.parse(payload) == {"bank_bin": bank, "account": account, "amount_vnd": amount, "note": note,
                                     "crc": payload[-4:]}
    assert payload[-4:] == crc16_ccitt_false(payload[:-4])
    assert vietqr.payload(bank_bin=bank, account=account, amount_vnd=amount or 0, note=note) == payload or amount is None


def test_a_payload_with_a_wrong_crc_or_a_digit_changed_is_refused():
    payload = GOLDEN[0][0]
    assert vietqr.parse(payload[:-4] + "0000") is None
    assert vietqr.parse(payload.replace("150000", "950000")) is None


def test_the_library_builds_what_the_format_says(booth):
    assert vietqr.payload(bank_bin="970405", account="5100 2026 0001", amount_vnd=150000, note="OCOP-3F9A1C2E") == \
        hand_made("970405", "510020260001", 150000, "OCOP-3F9A1C2E")


def test_the_qr_image_read_by_a_real_reader_pays_the_order(booth):
    order, _ = place(booth)
    client = Client()
    session_client = _visitor_client(order)
    png = session_client.get(reverse("orders:order_qr", args=[order.number]))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    found = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(png.content)))
    assert [r.format for r in found] == [zxingcpp.BarcodeFormat.QRCode]
    read = vietqr.parse(found[0].text)
    assert read == {"bank_bin": "970405", "account": "510020260001", "amount_vnd": 150000, "note": order.number,
                    "crc": found[0].text[-4:]}
    qr = QRPay(found[0].text)
    assert qr.is_valid and qr.provider.service == "QRIBFTTA" and qr.currency == "704" and qr.nation == "VN"
    assert client.get(reverse("orders:order_qr", args=[order.number])).status_code == 404  # not someone else's


def test_the_order_page_shows_the_code_the_amount_and_the_note_until_paid(booth):
    order, _ = place(booth)
    client = _visitor_client(order)
    page = client.get(reverse("orders:order", args=[order.number])).content.decode()
    assert "<svg" in page and 'class="vietqr"' in page and order.number in page and "510020260001" in page
    svg_png = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(vietqr.png(services.order_payload(order)["bank"]["qr"]))))
    assert vietqr.parse(svg_png[0].text)["amount_vnd"] == order.total_vnd
    payment_mark_received(order=order, user=make_user(producer=booth.producer), amount_vnd=order.total_vnd)
    page = client.get(reverse("orders:order", args=[order.number])).content.decode()
    assert '<div class="payment-due" hidden>' in page


def _visitor_client(order):
    client = Client()
    session = client.session
    session["claimed_orders"] = [order.number]
    session.save()
    client.cookies["sessionid"] = session.session_key
    return client


# --- who can take transfers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("bank_bin,account,why", [
    ("", "5100 2026 0001", "chosen their bank"),
    ("123456", "5100 2026 0001", "VietQR knows"),
    ("970405", "", "account number"),
    ("970405", "12-34", "account number"),
    ("970405", "5100 2026 0001 9999 9999 99", "account number"),
])
def test_a_missing_or_invalid_account_disables_transfer_with_a_reason_and_cash_still_works(booth, bank_bin, account, why):
    producer = booth.producer
    producer.bank_bin, producer.bank_account_number = bank_bin, account
    producer.save()
    with pytest.raises(ClientError) as refused, translation.override("en"):
        place(booth)
    assert refused.value.code == "transfer_unavailable" and why in refused.value.message
    order, _ = place(booth, key="key-pay-cash", contact={**CONTACT, "payment": "cod"})
    assert order.status == "placed" and order.pay_by is None
    english = Client()
    english.cookies["django_language"] = "en"
    page = english.get(reverse("orders:checkout", args=[booth.slug])).content.decode()
    assert 'value="transfer"' not in page and 'value="cod"' in page and why in page


def test_checkout_offers_transfer_when_the_account_is_valid(booth):
    page = Client().get(reverse("orders:checkout", args=[booth.slug])).content.decode()
    assert 'value="transfer"' in page and "VietQR" in page


# --- the paid step ------------------------------------------------------------------------------------------------

def test_a_transfer_order_awaits_payment_and_its_expiry_is_queued_for_the_worker(booth, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order, _ = place(booth)
    assert order.status == "awaiting_payment"
    assert timedelta(hours=23, minutes=59) < order.pay_by - timezone.now() <= timedelta(hours=24)
    assert [(e.from_status, e.to_status) for e in order.events.all()] == [("", "awaiting_payment")]
    job = DBTaskResult.objects.get(task_path="booths.orders.payments.services.order_expire")
    assert job.run_after == order.pay_by and job.args_kwargs["args"] == [order.pk]
    assert [s for s, _ in order.steps()] == ["awaiting_payment", "paid", "confirmed", "shipped", "delivered"]


def test_the_producer_sets_how_long_buyers_have_to_pay(booth):
    booth.producer.payment_window_hours = 2
    booth.producer.save()
    order, _ = place(booth)
    assert timedelta(hours=1, minutes=59) < order.pay_by - timezone.now() <= timedelta(hours=2)


def test_paid_comes_only_from_a_payment_and_confirming_waits_for_it(booth):
    order, _ = place(booth)
    producer = make_user(producer=booth.producer)
    with pytest.raises(ClientError) as refused:
        services.order_transition(order=order, to="paid", actor="producer", user=producer)
    assert refused.value.code == "payment_needed"
    with pytest.raises(ClientError) as refused:
        services.order_transition(order=order, to="confirmed", actor="producer", user=producer)
    assert refused.value.code == "illegal_transition"
    with pytest.raises(ClientError) as refused:
        payment_mark_received(order=order, user=producer, amount_vnd=order.total_vnd - 1000)
    assert refused.value.code == "amount_mismatch"
    with pytest.raises(ClientError):
        payment_mark_received(order=order, user=make_user(), amount_vnd=order.total_vnd)  # not their order
    payment_mark_received(order=order, user=producer, amount_vnd=order.total_vnd)
    order.refresh_from_db()
    assert order.status == "paid"
    assert [(e.from_status, e.to_status, e.actor) for e in order.events.all()][-1] == ("awaiting_payment", "paid", "producer")
    services.order_transition(order=order, to="confirmed", actor="producer", user=producer)
    with pytest.raises(ClientError):
        payment_mark_received(order=order, user=producer, amount_vnd=order.total_vnd)  # once only
    assert Payment.objects.get().outcome == "manual"


def test_the_visitor_may_cancel_while_awaiting_payment_not_once_paid(booth):
    order, product = place(booth)
    services.order_transition(order=order, to="cancelled", actor="visitor")
    assert Product.objects.get(pk=product.pk).stock == 10
    order, _ = place(booth, key="key-pay-0002")
    payment_mark_received(order=order, user=make_user(producer=booth.producer), amount_vnd=order.total_vnd)
    with pytest.raises(ClientError):
        services.order_transition(order=order, to="cancelled", actor="visitor")


# --- the webhook --------------------------------------------------------------------------------------------------

def generic_post(client, transactions, secret=SECRET, **extra):
    body = json.dumps({"transactions": transactions}).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(reverse("orders:payment_webhook", args=["generic"]), body, content_type="application/json",
                       headers={"X-Fair-Signature": signature}, **extra)


def test_a_valid_notification_marks_the_order_paid(booth, secrets):
    order, _ = place(booth)
    client = Client(enforce_csrf_checks=True)  # the one CSRF-exempt endpoint
    note = f"CT DEN:123 {order.number.replace('-', '')} Lan chuyen"  # as a bank rewrites it
    response = generic_post(client, [{"id": "FT2611220001", "amount": 150000, "note": note, "account": "510020260001"}])
    assert response.status_code == 200
    assert response.json()["results"] == [{"transaction": "FT2611220001", "outcome": "matched", "new": True}]
    order.refresh_from_db()
    assert order.status == "paid"
    assert order.events.last().actor == "system" and "FT2611220001" in order.events.last().reason


def test_a_wrong_signature_changes_nothing(booth, secrets):
    order, _ = place(booth)
    response = generic_post(Client(), [{"id": "FT1", "amount": 150000, "note": order.number}], secret="guessed")
    assert response.status_code == 401
    body = json.dumps({"transactions": [{"id": "FT1", "amount": 150000, "note": order.number}]}).encode()
    unsigned = Client().post(reverse("orders:payment_webhook", args=["generic"]), body, content_type="application/json")
    assert unsigned.status_code == 401
    order.refresh_from_db()
    assert order.status == "awaiting_payment" and not Payment.objects.exists()


def test_a_provider_without_a_secret_is_not_there(booth, settings):
    settings.PAYMENT_WEBHOOK_SECRETS = {"generic": "", "payos": ""}
    assert generic_post(Client(), [{"id": "FT1", "amount": 1, "note": "x"}], secret="").status_code == 404
    assert Client().post(reverse("orders:payment_webhook", args=["nobody"]), b"{}", content_type="application/json").status_code == 404


def test_a_wrong_amount_is_recorded_for_the_producer_never_applied(booth, secrets):
    order, _ = place(booth)
    response = generic_post(Client(), [{"id": "FT2", "amount": 15000, "note": order.number}])
    assert response.status_code == 200 and response.json()["results"][0]["outcome"] == "mismatch"
    order.refresh_from_db()
    payment = Payment.objects.get()
    assert order.status == "awaiting_payment" and payment.order == order and payment.needs_producer
    assert services.order_payload(Order.objects.with_details().get(pk=order.pk))["payments"][0]["needs_producer"] is True
    producer = make_user(producer=booth.producer)
    with pytest.raises(ClientError):
        payment_resolve(payment=payment, user=producer, resolution="")
    payment_resolve(payment=payment, user=producer, resolution="Đã hoàn 15.000 đ")
    payment.refresh_from_db()
    assert not payment.needs_producer and payment.resolution == "Đã hoàn 15.000 đ"
    with pytest.raises(ClientError):
        payment_resolve(payment=payment, user=make_user(), resolution="x")


def test_an_unknown_order_is_recorded_for_the_producer_of_the_account(booth, secrets):
    response = generic_post(Client(), [{"id": "FT3", "amount": 99000, "note": "chuyen tien an trua", "account": "5100.2026.0001"},
                                       {"id": "FT4", "amount": 99000, "note": "OCOP-FFFFFFFF", "account": "999"}])
    assert [r["outcome"] for r in response.json()["results"]] == ["unknown", "unknown"]
    assert {p.transaction_id: p.producer_id for p in Payment.objects.all()} == {"FT3": booth.producer.pk, "FT4": None}


def test_the_same_notification_twice_changes_nothing(booth, secrets):
    order, _ = place(booth)
    first = generic_post(Client(), [{"id": "FT5", "amount": 150000, "note": order.number}])
    second = generic_post(Client(), [{"id": "FT5", "amount": 150000, "note": order.number}])
    assert first.json()["results"][0]["new"] is True and second.status_code == 200
    assert second.json()["results"] == [{"transaction": "FT5", "outcome": "matched", "new": False}]
    assert Payment.objects.count() == 1 and order.events.filter(to_status="paid").count() == 1


def test_a_second_payment_for_a_paid_order_is_flagged_for_refund(booth, secrets):
    order, _ = place(booth)
    generic_post(Client(), [{"id": "FT6", "amount": 150000, "note": order.number}])
    again = generic_post(Client(), [{"id": "FT7", "amount": 150000, "note": order.number}])
    assert again.json()["results"][0]["outcome"] == "duplicate"
    assert Payment.objects.get(transaction_id="FT7").needs_producer


def test_bodies_too_big_or_not_json_or_not_post_are_refused(booth, secrets, settings):
    big = b"{" + b" " * settings.PAYMENT_WEBHOOK_MAX_BYTES + b"}"
    url = reverse("orders:payment_webhook", args=["generic"])
    signature = "sha256=" + hmac.new(SECRET.encode(), big, hashlib.sha256).hexdigest()
    assert Client().post(url, big, content_type="application/json", headers={"X-Fair-Signature": signature}).status_code == 413
    body = b"not json"
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert Client().post(url, body, content_type="application/json", headers={"X-Fair-Signature": signature}).status_code == 400
    assert Client().get(url).status_code == 405
    assert not Payment.objects.exists()


def payos_body(order, amount=150000, reference="FT26112200099", key=PAYOS_KEY):
    data = {"orderCode": 123, "amount": amount, "description": f"CSHKX7 {order.number}", "accountNumber": "510020260001",
            "reference": reference, "transactionDateTime": "2026-11-22 09:15:02", "currency": "VND",
            "paymentLinkId": "124c33293c43417ab7879e14c8d9eb18", "code": "00", "desc": "Thành công",
            "counterAccountBankId": "", "counterAccountBankName": "", "counterAccountName": None,
            "counterAccountNumber": None, "virtualAccountName": None, "virtualAccountNumber": ""}
    signed = "&".join(f"{k}={'' if data[k] is None else data[k]}" for k in sorted(data))
    signature = hmac.new(key.encode(), signed.encode(), hashlib.sha256).hexdigest()
    return json.dumps({"code": "00", "desc": "success", "success": True, "data": data, "signature": signature},
                      ensure_ascii=False).encode()


def test_payos_signed_notifications_pay_and_forged_ones_do_not(booth, secrets):
    order, _ = place(booth)
    url = reverse("orders:payment_webhook", args=["payos"])
    forged = payos_body(order, key="0" * 64)
    assert Client().post(url, forged, content_type="application/json").status_code == 401
    tampered = json.loads(payos_body(order))
    tampered["data"]["amount"] = 1
    assert Client().post(url, json.dumps(tampered), content_type="application/json").status_code == 401
    response = Client().post(url, payos_body(order), content_type="application/json")
    assert response.status_code == 200 and response.json()["results"][0]["outcome"] == "matched"
    order.refresh_from_db()
    assert order.status == "paid" and Payment.objects.get().provider == "payos"


def test_the_payos_signature_matches_a_fixed_vector():
    """payOS signs data's fields sorted by name as key=value&… with HMAC-SHA256 of the checksum key."""
    data = {"b": 2, "a": "x", "c": None}
    assert providers.PayOS.signed_text(data) == "a=x&b=2&c="
    assert providers.PayOS("k").sign(data) == hmac.new(b"k", b"a=x&b=2&c=", hashlib.sha256).hexdigest()


@pytest.mark.parametrize("note,number", [
    ("OCOP-3F9A1C2E", "OCOP-3F9A1C2E"), ("ocop3f9a1c2e chuyen tien", "OCOP-3F9A1C2E"),
    ("MBVCB.123.OCOP 3F9A1C2E.CT tu 0123", "OCOP-3F9A1C2E"), ("OCOP-3F9A1C2E9", None), ("tien hang", None),
])
def test_the_order_number_is_found_in_what_banks_do_to_a_note(note, number):
    assert order_number_in(note) == number


# --- expiry -------------------------------------------------------------------------------------------------------

def test_an_unpaid_order_expires_once_with_its_reason_and_stock_back(booth):
    order, product = place(booth, quantity=3)
    assert Product.objects.get(pk=product.pk).stock == 7
    assert order_expire_now(order.pk) is False  # not yet
    Order.objects.filter(pk=order.pk).update(pay_by=timezone.now() - timedelta(seconds=1))
    assert order_expire_now(order.pk) is True
    assert order_expire_now(order.pk) is False and orders_expire_due() == 0  # once
    order.refresh_from_db()
    assert order.status == "cancelled" and order.cancel_reason == EXPIRED_REASON
    assert order.events.last().actor == "system"
    assert Product.objects.get(pk=product.pk).stock == 10


def test_a_paid_order_does_not_expire(booth):
    order, product = place(booth)
    payment_mark_received(order=order, user=make_user(producer=booth.producer), amount_vnd=order.total_vnd)
    Order.objects.filter(pk=order.pk).update(pay_by=timezone.now() - timedelta(seconds=1))
    assert order_expire_now(order.pk) is False
    order.refresh_from_db()
    assert order.status == "paid" and Product.objects.get(pk=product.pk).stock == 8


def test_a_payment_after_expiry_is_kept_and_flagged_never_lost(booth, secrets):
    order, product = place(booth)
    Order.objects.filter(pk=order.pk).update(pay_by=timezone.now() - timedelta(seconds=1))
    assert orders_expire_due() == 1
    response = generic_post(Client(), [{"id": "FT8", "amount": 150000, "note": order.number}])
    assert response.json()["results"][0]["outcome"] == "late"
    order.refresh_from_db()
    assert order.status == "cancelled" and Product.objects.get(pk=product.pk).stock == 10
    assert Payment.objects.get().needs_producer and Payment.objects.get().order == order


def test_the_expire_task_runs_in_the_worker_path(booth):
    from booths.orders.payments.services import order_expire

    order, _ = place(booth)
    Order.objects.filter(pk=order.pk).update(pay_by=timezone.now() - timedelta(seconds=1))
    assert order_expire.call(order.pk) is True


# --- the receipt --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language,words", [("vi", "Biên nhận"), ("en", "Receipt")])
def test_the_printable_receipt_lists_the_ocop_certificates(booth, language, words):
    order, product = place(booth)
    client = _visitor_client(order)
    client.cookies["django_language"] = language
    page = client.get(reverse("orders:order_receipt", args=[order.number])).content.decode()
    assert words in page and product.certificate_number in page and order.number in page
    assert Client().get(reverse("orders:order_receipt", args=[order.number])).status_code == 404
    staff = Client()
    staff.force_login(make_user(producer=booth.producer))
    assert staff.get(reverse("orders:order_receipt", args=[order.number])).status_code == 200
