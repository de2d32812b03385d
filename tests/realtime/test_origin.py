"""Websockets from pages of another site are refused before they reach the fair's router."""

import pytest
from channels.testing import WebsocketCommunicator

from fair.asgi import application

# Channels closes stale database connections around every consumer message, even when refusing one.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("origin", [b"http://evil.example", b"http://localhost.evil.example", None])
async def test_foreign_or_missing_origin_is_refused(origin):
    headers = [(b"origin", origin)] if origin else []
    communicator = WebsocketCommunicator(application, "/ws/nowhere/", headers=headers)
    connected, _ = await communicator.connect()
    assert not connected  # closed before accept: daphne answers the handshake with HTTP 403
    await communicator.disconnect()


async def test_page_origin_passes_to_the_router():
    communicator = WebsocketCommunicator(application, "/ws/nowhere/", headers=[(b"origin", b"http://localhost:8000")])
    with pytest.raises(ValueError, match="No route found"):  # past the origin check, to URL routing
        await communicator.connect()
