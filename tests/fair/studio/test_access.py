"""The studio is for organizers: anyone else is sent to sign in or refused."""

import pytest
from django.urls import reverse

from tests.factories import make_booth, make_fair, make_user

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(reverse("studio:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_visitor_account_and_a_producers_staff_are_refused(client):
    booth = make_booth()
    for user in (make_user(), make_user(producer=booth.producer)):
        client.force_login(user)
        assert client.get(reverse("studio:home")).status_code == 403


def test_an_organizer_sees_every_fair_drafts_included(client):
    make_fair(name_en="Honey fair", status="open")
    make_fair(name_en="Coffee fair in the making", status="draft")
    client.force_login(make_user(organizer=True))
    client.cookies["django_language"] = "en"
    page = client.get(reverse("studio:home")).content.decode()
    assert "Honey fair" in page and "Coffee fair in the making" in page
