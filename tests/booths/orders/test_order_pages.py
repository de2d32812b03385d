"""Ordering without JavaScript: checkout form post, the order page, finding an order from another device."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from booths.models import Product
from booths.orders.models import Order
from tests.factories import make_booth, make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def booth():
    booth = make_booth()
    booth.producer.bank_name, booth.producer.bank_account_number, booth.producer.bank_account_name = "Agribank", "5100 2026 0001", "HTX"
    booth.producer.bank_bin = "970405"  # Agribank: transfer needs a VietQR bank
    booth.producer.save()
    return booth


def checkout_post(client, booth, key, quantities, **contact):
    data = {"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "note": "", "payment": "transfer",
            "idempotency_key": key, "action": "place", **contact}
    data.update({f"line-{slug}": quantity for slug, quantity in quantities.items()})
    return client.post(reverse("orders:checkout", args=[booth.slug]), data)


def test_checkout_shows_server_total_and_places_by_form_post(client, booth):
    honey = make_product(booth=booth, price_vnd=250000, stock=5, name_vi="Mật ong")
    page = client.get(reverse("orders:checkout", args=[booth.slug]) + f"?line-{honey.slug}=2").content.decode()
    assert "500.000\u00a0₫" in page
    key = re.search(r'name="idempotency_key" value="(\w+)"', page).group(1)
    response = checkout_post(client, booth, key, {honey.slug: 2})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("orders:order", args=[order.number])
    page = client.get(response["Location"]).content.decode()
    assert order.number in page and "500.000\u00a0₫" in page
    assert "5100 2026 0001" in page  # transfer: the producer's account, the order number as reference
    assert Product.objects.get(pk=honey.pk).stock == 3


def test_a_double_submitted_form_is_one_order(client, booth):
    honey = make_product(booth=booth, stock=5)
    first = checkout_post(client, booth, "form-key-0001", {honey.slug: 1})
    second = checkout_post(client, booth, "form-key-0001", {honey.slug: 1})
    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1 and Product.objects.get(pk=honey.pk).stock == 4


def test_sold_out_and_bad_forms_say_why_and_keep_what_was_typed(client, booth):
    honey = make_product(booth=booth, stock=1, name_vi="Mật ong")
    response = checkout_post(client, booth, "form-key-0002", {honey.slug: 2})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mật ong" in page and 'role="alert"' in page
    assert 'value="12 Hàng Bạc, Hà Nội"' in page or "12 Hàng Bạc, Hà Nội" in page
    response = checkout_post(client, booth, "form-key-0003", {honey.slug: 1}, phone="")
    assert response.status_code == 400 and Order.objects.count() == 0


def test_only_the_visitor_sees_their_order_until_found_by_number_and_phone(client, booth):
    honey = make_product(booth=booth, stock=5)
    response = checkout_post(client, booth, "form-key-0004", {honey.slug: 1})
    url = response["Location"]
    stranger = Client()
    assert stranger.get(url).status_code == 404
    wrong = stranger.post(reverse("orders:order_find"), {"number": Order.objects.get().number, "phone": "0999999999"})
    assert wrong.status_code == 400 and stranger.get(url).status_code == 404
    found = stranger.post(reverse("orders:order_find"), {"number": Order.objects.get().number.lower(), "phone": "0912 345 678"})
    assert found["Location"] == url and stranger.get(url).status_code == 200
    assert Order.objects.get().number in stranger.get(reverse("orders:orders")).content.decode()


def test_visitor_cancels_a_placed_order_with_a_form(client, booth):
    honey = make_product(booth=booth, stock=5)
    url = checkout_post(client, booth, "form-key-0005", {honey.slug: 2})["Location"]
    order = Order.objects.get()
    client.post(reverse("orders:order_cancel", args=[order.number]), {"reason": "Đặt nhầm"})
    order.refresh_from_db()
    assert order.status == "cancelled" and order.cancel_reason == "Đặt nhầm"
    assert Product.objects.get(pk=honey.pk).stock == 5
    assert "Đặt nhầm" in client.get(url).content.decode()
    assert Client().post(reverse("orders:order_cancel", args=[order.number])).status_code == 404


def test_sold_out_products_cannot_be_ordered_from_the_booth_page(client, booth):
    make_product(booth=booth, stock=0, name_vi="Hết rồi")
    page = client.get(reverse("booths:booth", args=[booth.slug])).content.decode()
    form = re.search(r'<form class="order-form".*?</form>', page, re.S).group(0)
    assert "disabled" in form and "Hết hàng" in form


def test_console_page_is_for_producer_staff_only(client, booth):
    assert client.get(reverse("editor:console"))["Location"].startswith(reverse("accounts:login"))
    client.force_login(make_user())
    assert client.get(reverse("editor:console")).status_code == 403
    client.force_login(make_user(producer=booth.producer))
    page = client.get(reverse("editor:console")).content.decode()
    assert booth.producer.name in page and 'id="console"' in page
