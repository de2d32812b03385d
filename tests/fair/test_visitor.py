"""A visitor keeps one anonymous identity across pages and reloads; another browser gets another."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_visitor_identity_is_kept_in_the_session(client):
    first = client.get("/").wsgi_request.visitor_id
    second = client.get("/").wsgi_request.visitor_id
    assert first and first == second
    assert client.session["visitor_id"] == first
    other = Client().get("/").wsgi_request.visitor_id
    assert other != first
