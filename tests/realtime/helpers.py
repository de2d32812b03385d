"""Connecting test sockets as a visitor or a producer, through the real ASGI stack (origin check, session, auth)."""

import json
import uuid

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from fair.asgi import application

ORIGIN = (b"origin", b"http://localhost")


def visitor_session(visitor_id: str | None = None) -> str:
    session = SessionStore()
    session["visitor_id"] = visitor_id or uuid.uuid4().hex
    session.create()
    return session.session_key


def user_session(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["visitor_id"] = uuid.uuid4().hex
    session.create()
    return session.session_key


async def connect(path: str, session_key: str | None = None, expect=True):
    headers = [ORIGIN]
    if session_key:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    assert connected is expect
    return communicator


async def send(communicator, **message):
    await communicator.send_to(text_data=json.dumps(message))


async def receive(communicator, timeout=3):
    return json.loads(await communicator.receive_from(timeout=timeout))


async def receive_type(communicator, kind, timeout=3):
    """The next message of this type, skipping others (presence updates arrive at any time)."""
    while True:
        message = await receive(communicator, timeout)
        if message["type"] == kind:
            return message


async def receive_types(communicator, *kinds, timeout=3):
    """The next message of each of these types, in whatever order they come (a booth's group events
    travel through the process's hub, beside the socket's own replies), skipping others."""
    found = {}
    while len(found) < len(kinds):
        message = await receive(communicator, timeout)
        if message["type"] in kinds and message["type"] not in found:
            found[message["type"]] = message
    return [found[kind] for kind in kinds]


async def drain(communicator, timeout=0.3):
    found = []
    while not await communicator.receive_nothing(timeout=timeout):
        found.append(json.loads(await communicator.receive_from()))
    return found


make_visitor_session = sync_to_async(visitor_session)
make_user_session = sync_to_async(user_session)
