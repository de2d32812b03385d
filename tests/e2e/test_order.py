"""A visitor orders dried mango and follows it to delivered while the producer works from the console."""

import pytest

from tests.e2e.conftest import axe_violations

BOOTH = "/booths/htx-toan-thang/"
MANGO = "xoai-say-deo-toan-thang"


@pytest.fixture
def console(console_of):
    return console_of("htx-toan-thang")


def test_order_followed_to_delivered_without_a_reload(browser, site, console, errors, page):
    page.goto(site + BOOTH)
    card = page.locator(f'.order-form[data-product="{MANGO}"]')
    card.locator("input").fill("2")
    card.locator("button").click()
    page.wait_for_url("**/checkout/**")
    assert axe_violations(page) == []
    assert page.locator(".quote-total").inner_text() in ("150.000\u00a0₫", "150,000\u00a0₫")  # 2 × 75 000
    page.fill("#id_name", "Lan")
    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_address", "12 Hàng Bạc, Hoàn Kiếm, Hà Nội")
    page.check("input[name=payment][value=cod]")
    page.wait_for_function("window.fairLive.open()")
    page.locator("button.place").click()
    page.wait_for_url("**/orders/OCOP-*/", timeout=30000)
    page.evaluate("window.stillTheSamePage = true")
    assert axe_violations(page) == []
    assert page.locator(".order-status").inner_text() in ("Đã đặt", "Placed")

    card = console.locator(".order-card").first
    card.wait_for(timeout=30000)
    assert "Lan" in card.inner_text() and "2 × " in card.inner_text()
    assert axe_violations(console) == []
    card.locator(".to-confirmed").click()
    page.wait_for_function("document.getElementById('order').dataset.status === 'confirmed'", timeout=30000)
    console.locator(".order-card").first.locator("input[name=tracking_note]").fill("Viettel Post 8812")
    console.locator(".order-card").first.locator(".to-shipped").click()
    page.wait_for_function("document.getElementById('order').dataset.status === 'shipped'", timeout=30000)
    assert "Viettel Post 8812" in page.locator(".order-tracking-note").inner_text()
    console.locator(".order-card").first.locator(".to-delivered").click()
    page.wait_for_function("document.getElementById('order').dataset.status === 'delivered'", timeout=30000)
    assert page.evaluate("window.stillTheSamePage") is True  # every step arrived live
    assert page.locator(".order-steps li.current").get_attribute("data-step") == "delivered"
    assert errors == []


def fill_checkout(page):
    page.fill("#id_name", "Lan")
    page.fill("#id_phone", "0912345678")
    page.fill("#id_address", "12 Hàng Bạc, Hà Nội")
    page.check("input[name=payment][value=cod]")
    page.wait_for_function("window.fairLive.open()")


def test_sold_out_meanwhile_shows_at_once_and_cannot_be_ordered(browser, site, page, errors):
    from booths.models import Product

    product = Product.objects.get(slug="o-mai-man-moc-chau")
    Product.objects.filter(pk=product.pk).update(stock=1)
    checkout_url = site + f"/booths/man-hau-moc-chau/checkout/?line-{product.slug}=1"
    page.goto(site + "/booths/man-hau-moc-chau/")  # a visitor looking at the booth
    form = page.locator(f'.order-form[data-product="{product.slug}"]')
    assert form.locator("button").is_enabled()
    page.wait_for_function("window.fairLive.open()")
    late = browser.new_context().new_page()  # a buyer who opened checkout a moment too late
    late.goto(checkout_url)
    fill_checkout(late)

    first = browser.new_context().new_page()  # the buyer who gets the last jar
    first.goto(checkout_url)
    fill_checkout(first)
    first.locator("button.place").click()
    first.wait_for_url("**/orders/OCOP-*/", timeout=30000)

    form.locator("button[disabled]").wait_for(timeout=30000)  # no reload
    assert form.locator("button").inner_text() in ("Hết hàng", "Sold out")
    assert page.locator(f'[data-stock-for="{product.slug}"] .sold-out').count() == 1
    late.locator("button.place").click()
    alert = late.locator(".checkout-status.form-error")
    alert.wait_for(timeout=30000)
    assert "o mai" in alert.inner_text().lower()  # the product, named in the visitor's language
    assert Product.objects.get(pk=product.pk).stock == 0
    assert errors == []
