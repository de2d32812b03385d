"""The server's side of a weak connection: the service worker and manifest it serves, which pages a phone may keep,
the sockets' HTTP twin the worker delivers the outbox to (same rules as the sockets), and signing out."""

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image

from booths.conversations import services as chat
from booths.conversations.models import Message
from booths.orders.models import Order
from fair.offline import OFFLINE_HEADER
from tests.factories import make_booth, make_fair, make_hall, make_product, make_user

pytestmark = pytest.mark.django_db
CONTACT = {"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "note": "", "payment": "cod"}


def post(client, url, message, **headers):
    return client.post(url, json.dumps(message), content_type="application/json", **headers)


def visitor(booth):
    """A browser that has seen the booth's page (a session, a visitor id and the CSRF token its outbox keeps)."""
    client = Client(enforce_csrf_checks=True)
    assert client.get(reverse("booths:booth", args=[booth.slug])).status_code == 200
    return client, {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def test_the_worker_is_served_at_the_root_uncached_with_its_release_first():
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"] and response["Service-Worker-Allowed"] == "/"
    first_line = response.content.decode().splitlines()[0]
    assert first_line.startswith("self.FAIR_RELEASE = ")
    with override_settings(FAIR_RELEASE="next-deployment"):
        assert Client().get("/sw.js").content.decode().splitlines()[0] != first_line  # a new release is a new worker
    assert Client().get("/sw.js").content.decode().splitlines()[0] == first_line  # the same deployment: the same worker


def test_the_manifest_makes_the_fair_installable_in_its_colours(client):
    hall = make_hall(fair=make_fair(name_vi="Hội chợ OCOP Tây Bắc"), colour_primary="#2e6b30")
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="vi")
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["name"] == "Hội chợ OCOP Tây Bắc" and data["theme_color"] == hall.colour_primary
    assert data["display"] == "standalone" and data["start_url"].startswith("/") and data["scope"] == "/"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes and any(icon.get("purpose") == "maskable" for icon in data["icons"])
    for icon in data["icons"]:
        found = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert found and Image.open(found).size == tuple(int(n) for n in icon["sizes"].split("x"))
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page and 'name="theme-color"' in page


def test_only_the_public_catalogue_may_be_kept_by_a_phone(client):
    product = make_product()
    booth = product.booth
    public = ["/", reverse("fair:fair", args=[booth.hall.fair.slug]), reverse("booths:hall", args=[booth.hall.fair.slug, booth.hall.slug]),
              reverse("booths:booth", args=[booth.slug]), reverse("booths:product", args=[product.slug])]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response[OFFLINE_HEADER] == "page", url
        assert 'data-served="network"' in response.content.decode()  # the worker marks its kept copy
    user = make_user(producer=booth.producer)
    client.force_login(user)
    personal = ["/orders/", reverse("orders:checkout", args=[booth.slug]) + f"?line-{product.slug}=1", "/producer/",
                reverse("editor:booth", args=[booth.slug]), reverse("accounts:login"), reverse("fair:offline")]
    for url in personal:
        response = client.get(url)
        assert OFFLINE_HEADER not in response, url
    assert client.get("/booths/no-such-booth/").get(OFFLINE_HEADER) is None  # a 404 is never kept


def test_messages_delivered_twice_by_the_outbox_are_stored_once():
    booth = make_booth()
    client, csrf = visitor(booth)
    url = reverse("outbox_booth", args=[booth.slug])
    message = {"type": "chat.send", "client_id": "c-offline-1", "text": "Còn hàng không ạ?", "name": "Lan"}
    first = post(client, url, message, **csrf)
    again = post(client, url, message, **csrf)  # the socket and the worker both sent it
    assert first.status_code == again.status_code == 200
    assert first.json()["type"] == "chat.ack" and first.json()["id"] == again.json()["id"]
    stored = Message.objects.get(client_id="c-offline-1")
    assert stored.text == "Còn hàng không ạ?" and stored.conversation.visitor_name == "Lan"


def test_an_order_delivered_twice_is_placed_once_and_sold_out_meanwhile_is_refused():
    product = make_product(stock=1)
    client, csrf = visitor(product.booth)
    url = reverse("outbox_booth", args=[product.booth.slug])
    order = {"type": "order.place", "idempotency_key": "k-offline-0001", "lines": [{"product": product.slug, "quantity": 1}],
             "contact": CONTACT}
    first = post(client, url, order, **csrf)
    assert first.status_code == 200 and first.json()["type"] == "order.placed"
    assert post(client, url, order, **csrf).json()["order"]["number"] == first.json()["order"]["number"]
    assert Order.objects.filter(idempotency_key="k-offline-0001").count() == 1
    product.refresh_from_db()
    assert product.stock == 0

    late = post(client, url, {**order, "idempotency_key": "k-offline-0002"}, **csrf)  # kept offline, the jar went meanwhile
    assert late.status_code == 400
    assert late.json()["type"] == "error" and late.json()["code"] == "sold_out"
    assert not Order.objects.filter(idempotency_key="k-offline-0002").exists()


def test_the_outbox_keeps_the_sockets_rules():
    booth = make_booth()
    client, csrf = visitor(booth)
    url = reverse("outbox_booth", args=[booth.slug])
    message = {"type": "chat.send", "client_id": "c-1", "text": "Xin chào"}
    assert post(client, url, message).status_code == 403  # no CSRF token: another site cannot post for the visitor
    bad = post(client, url, {"type": "chat.send", "client_id": "c-2"}, **csrf)
    assert bad.status_code == 400 and bad.json()["code"] == "bad_field"
    assert client.post(url, "{not json", content_type="application/json", **csrf).json()["code"] == "bad_json"
    other = post(client, url, {"type": "chat.typing"}, **csrf)
    assert other.status_code == 400 and other.json()["code"] == "unknown_type"
    assert client.get(url).status_code == 405
    missing = post(client, reverse("outbox_booth", args=["no-such-booth"]), message, **csrf)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert not Message.objects.filter(client_id="c-1").exists()


def test_a_reply_delivered_by_the_outbox_reaches_only_the_producers_own_conversations():
    booth, elsewhere = make_booth(), make_booth()
    mine = chat.conversation_for_visitor(booth=booth, visitor_id="a" * 32, visitor_name="Lan")
    theirs = chat.conversation_for_visitor(booth=elsewhere, visitor_id="b" * 32, visitor_name="Minh")
    client, csrf = visitor(booth)
    url = reverse("outbox_producer")
    reply = {"type": "chat.send", "client_id": "c-reply-1", "conversation": mine.id, "text": "Dạ còn ạ."}
    refused = post(client, url, reply, **csrf)  # a visitor is no producer
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    client.force_login(make_user(producer=booth.producer))
    client.get(reverse("editor:console"))
    csrf = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}
    for _ in range(2):
        answer = post(client, url, reply, **csrf)
        assert answer.status_code == 200 and answer.json()["type"] == "chat.ack"
    assert Message.objects.filter(conversation=mine, sender=Message.Sender.PRODUCER, client_id="c-reply-1").count() == 1
    stray = post(client, url, {**reply, "client_id": "c-reply-2", "conversation": theirs.id}, **csrf)
    assert stray.status_code == 404 and stray.json()["code"] == "not_found"  # another producer's looks missing
    assert not Message.objects.filter(conversation=theirs, sender=Message.Sender.PRODUCER).exists()


def test_deliveries_are_rate_limited():
    booth = make_booth()
    client, csrf = visitor(booth)
    url = reverse("outbox_booth", args=[booth.slug])
    codes = [post(client, url, {"type": "chat.send", "client_id": f"c-{n}", "text": "Xin chào"}, **csrf).status_code for n in range(125)]
    assert codes[:120] == [200] * 120 and codes[120:] == [429] * 5
    assert Message.objects.filter(conversation__booth=booth).count() == 120


def test_signing_out_tells_the_browser_to_clear_what_it_kept():
    client = Client()
    client.force_login(make_user())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
