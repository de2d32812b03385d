"""The socket's user, loaded in the socket's own first trip to the database thread.

Channels' AuthMiddleware loads the session and the user before the consumer runs, in a trip of its own to the
database thread (one thread per process, which every socket's connect queues for). Here `scope["user"]` is lazy:
it is loaded where the consumer first reads it, which is always inside its `database_sync_to_async` call (the
booth, hall, producer and orders sockets read it with what they load anyway), so a connect makes one trip, not two.
Reading it outside one would be a database query on the event loop, which Django refuses loudly.
"""

from channels.middleware import BaseMiddleware
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.contrib import auth
from django.utils.functional import SimpleLazyObject


class _SessionOnly:
    """What django.contrib.auth.get_user reads of a request: its session."""

    def __init__(self, session):
        self.session = session


class LazyAuthMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        session = scope.get("session")
        if session is None:
            raise ValueError("LazyAuthMiddleware needs SessionMiddleware before it.")
        scope = dict(scope, user=SimpleLazyObject(lambda: auth.get_user(_SessionOnly(session))))
        return await super().__call__(scope, receive, send)


def FairAuthMiddlewareStack(inner):  # noqa: N802 - named like Channels' AuthMiddlewareStack, which it replaces
    return CookieMiddleware(SessionMiddleware(LazyAuthMiddleware(inner)))
