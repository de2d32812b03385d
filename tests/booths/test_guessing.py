"""Guessing is throttled: passwords per account and per address (with a log organizers read and can lift),
and order lookups by number and phone."""

import pytest
from django.conf import settings
from django.urls import reverse

from booths.orders import services as ordering
from tests.factories import make_booth, make_product, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "pw-123456-long"  # what tests.factories.make_user sets


def sign_in(client, username, password, address="203.0.113.10", url=None):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(url or reverse("accounts:login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one_and_say_why(client):
    producer_staff = make_user(producer=make_booth().producer)
    for _ in range(4):
        assert sign_in(client, producer_staff.username, "guess-123456").status_code == 200  # the form, with its error
    assert sign_in(client, producer_staff.username, "guess-123456").status_code == 429  # the fifth locks
    locked = sign_in(client, producer_staff.username, PASSWORD)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many sign-in attempts" in page and "15 minutes" in page
    assert "_auth_user_id" not in client.session
    # From another network the account is locked too (per account), and so is the admin's sign-in.
    assert sign_in(client, producer_staff.username, PASSWORD, address="198.51.100.20").status_code == 429
    admin_login = sign_in(client, producer_staff.username, PASSWORD, address="198.51.100.21", url=reverse("admin:login"))
    assert admin_login.status_code == 429


def test_guessing_many_accounts_from_one_address_locks_the_address(client):
    people = [make_user(producer=make_booth().producer) for _ in range(6)]
    for person in people[:5]:
        sign_in(client, person.username, "guess-123456", address="203.0.113.99")
    assert sign_in(client, people[5].username, PASSWORD, address="203.0.113.99").status_code == 429
    # Someone else elsewhere signs in as usual.
    answer = sign_in(client, people[5].username, PASSWORD, address="198.51.100.30")
    assert answer.status_code == 302 and client.session["_auth_user_id"] == str(people[5].pk)


def test_organizers_see_failed_sign_ins_and_can_lift_a_lock(client):
    producer_staff = make_user(producer=make_booth().producer)
    for _ in range(5):
        sign_in(client, producer_staff.username, "guess-123456")
    client.force_login(make_user(organizer=True))
    log = client.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert log.status_code == 200 and producer_staff.username in log.content.decode()
    attempts = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert producer_staff.username in attempts
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username=producer_staff.username).delete()  # what "delete" in the admin does
    client.logout()
    assert sign_in(client, producer_staff.username, PASSWORD, address="198.51.100.40").status_code == 302
    # Producer staff do not read the log.
    client.force_login(make_user(producer=make_booth().producer))
    assert client.get(reverse("admin:axes_accessfailurelog_changelist")).status_code == 403


def test_order_lookups_are_throttled_per_browser_and_address(client):
    booth = make_booth()
    order, _ = ordering.order_place(
        booth=booth, visitor_id="v-1", lines=[{"product": make_product(booth=booth).slug, "quantity": 1}],
        contact={"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "payment": "cod"},
        idempotency_key="k-guess-0001")
    find = reverse("orders:order_find")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get(reverse("orders:orders"))  # a browser with its session
    for n in range(10):
        miss = client.post(find, {"number": order.number, "phone": f"09000000{n:02d}"}, REMOTE_ADDR="203.0.113.50")
        assert miss.status_code == 400 and "No order with this number and phone" in miss.content.decode()
    blocked = client.post(find, {"number": order.number, "phone": "0912345678"}, REMOTE_ADDR="203.0.113.50")
    assert blocked.status_code == 429 and "Too many tries" in blocked.content.decode()
    assert order.number not in client.session.get("claimed_orders", [])
    # A fresh browser from the same address is stopped too; the buyer elsewhere finds their order.
    client.cookies.clear()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.post(find, {"number": order.number, "phone": "0912345678"}, REMOTE_ADDR="203.0.113.50").status_code == 429
    found = client.post(find, {"number": order.number, "phone": "0912345678"}, REMOTE_ADDR="198.51.100.60")
    assert found.status_code == 302


def test_a_forged_forwarded_address_never_breaks_sign_in(client, settings):
    """Behind the proxy the address comes from X-Forwarded-For: garbage there is ignored, not stored."""
    from fair import throttle

    person = make_user(producer=make_booth().producer)
    original = throttle.BEHIND_PROXY
    throttle.BEHIND_PROXY = True
    try:
        answer = client.post(reverse("accounts:login"), {"username": person.username, "password": PASSWORD},
                             HTTP_X_FORWARDED_FOR="'; DROP TABLE x; --, 10.0.0.1", REMOTE_ADDR="198.51.100.70")
    finally:
        throttle.BEHIND_PROXY = original
    assert answer.status_code == 302 and client.session["_auth_user_id"] == str(person.pk)
