"""A visitor pays a bank-transfer order by VietQR and sees it become paid live, whether the bank's webhook or the
producer's "Payment received" says so; the producer's console follows and resolves a second, flagged payment."""

import hashlib
import hmac
import json
import os
import urllib.request

from tests.e2e.conftest import axe_violations

# Read by the server process when it starts (tests/e2e/conftest.py passes the environment on).
SECRET = os.environ.setdefault("FAIR_PAYMENT_WEBHOOK_SECRET", "e2e-generic-webhook-secret")
BOOTH = "/booths/htx-toan-thang/"
MANGO = "xoai-say-deo-toan-thang"


def place_transfer_order(page, site):
    page.goto(site + BOOTH + f"checkout/?line-{MANGO}=2")
    page.fill("#id_name", "Lan")
    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_address", "12 Hàng Bạc, Hoàn Kiếm, Hà Nội")
    page.check("input[name=payment][value=transfer]")
    page.wait_for_function("window.fairLive.open()")
    page.locator("button.place").click()
    page.wait_for_url("**/orders/OCOP-*/", timeout=30000)
    page.evaluate("window.stillTheSamePage = true")
    return page.locator("#order").get_attribute("data-number")


def notify(site, transactions):
    body = json.dumps({"transactions": transactions}).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(site + "/payments/webhook/generic/", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-Fair-Signature": signature})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_a_transfer_order_becomes_paid_live_by_the_webhook_and_by_the_producer(browser, site, page, console_of, errors):
    console = console_of("htx-toan-thang")
    number = place_transfer_order(page, site)
    assert page.locator("#order").get_attribute("data-status") == "awaiting_payment"
    assert page.locator(".payment-qr svg.vietqr").is_visible() and page.locator(".payment-due").is_visible()
    assert number in page.locator(".payment-details").inner_text()
    assert axe_violations(page) == []
    card = console.locator(f'.order-card[data-number="{number}"]')
    card.wait_for(timeout=30000)
    assert card.locator("button.to-paid").is_visible() and card.locator("button.to-confirmed").count() == 0

    # The bank's notification arrives: the visitor's page and the producer's console change without a reload.
    answer = notify(site, [{"id": "FT-E2E-1", "amount": 150000, "note": f"{number} Lan chuyen khoan"}])
    assert answer["results"][0]["outcome"] == "matched"
    page.wait_for_function("document.getElementById('order').dataset.status === 'paid'", timeout=30000)
    assert page.locator(".payment-paid").is_visible() and not page.locator(".payment-due").is_visible()
    assert page.locator(".order-steps li.current").get_attribute("data-step") == "paid"
    console.wait_for_function(f"document.querySelector('.order-card[data-number=\"{number}\"]').dataset.status === 'paid'",
                              timeout=30000)
    assert card.locator("button.to-confirmed").is_visible()

    # The buyer pays a second time: recorded and flagged on the console, never applied; the producer resolves it.
    assert notify(site, [{"id": "FT-E2E-2", "amount": 150000, "note": number}])["results"][0]["outcome"] == "duplicate"
    flag = card.locator(".payment-flag")
    flag.wait_for(timeout=30000)
    flag.locator("input[name=resolution]").fill("Đã hoàn tiền")
    flag.locator("button.payment-resolve").click()
    card.locator(".payment-flag").wait_for(state="detached", timeout=30000)

    # A second order, paid by the producer's "Payment received" in the console.
    second = place_transfer_order(page, site)
    card = console.locator(f'.order-card[data-number="{second}"]')
    card.wait_for(timeout=30000)
    assert card.locator("input[name=amount_vnd]").input_value() == "150000"
    card.locator("button.to-paid").click()
    page.wait_for_function("document.getElementById('order').dataset.status === 'paid'", timeout=30000)
    assert page.evaluate("window.stillTheSamePage") is True
    assert axe_violations(console) == []
    assert errors == []
