"""The ASGI application served by daphne: Django for HTTP, Channels for websockets.

Websockets pass an origin check against ALLOWED_HOSTS (and CSRF_TRUSTED_ORIGINS) and
carry the Django session and user (loaded lazily, realtime/auth.py), before the realtime router sees them.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fair.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from realtime.auth import FairAuthMiddlewareStack  # noqa: E402
from realtime.origins import FairOriginValidator  # noqa: E402
from realtime.routing import websocket_urlpatterns  # noqa: E402


def _autobahn_formats_only_when_debugging() -> None:
    """autobahn (daphne's websocket protocol) formats its whole configuration with pprint for a debug line on every
    new websocket, even when that line is not logged: about a tenth of a connect's CPU here (docs/benchmarks.md).
    It is formatted only when txaio logs at debug level."""
    import txaio
    from autobahn.websocket import protocol

    pformat = protocol.pformat

    def when_debugging(value, *args, **kwargs):
        if txaio.get_global_log_level() in ("debug", "trace"):
            return pformat(value, *args, **kwargs)
        return "(autobahn's debug log is off)"

    protocol.pformat = when_debugging


_autobahn_formats_only_when_debugging()


def _twisted_writes_at_once() -> None:
    """Twisted buffers every write until the next turn of the event loop, registering the socket for writing and
    unregistering it again (two epoll calls and a callback per websocket frame: about a third of daphne's event loop
    in a profile of 2,000 connects and their presence broadcasts, docs/benchmarks.md; Twisted issue #5303). Like
    asyncio's own transports, a write to a TCP connection whose buffer is empty is now sent at once; what the kernel
    does not take, and every other case (TLS, a closing connection, data already waiting), goes through Twisted's
    buffer as before, in order (tests/realtime/test_daphne_writes.py)."""
    from twisted.internet import tcp

    buffered = tcp.Connection.write

    def write(self, data):
        if (data and not self.TLS and self.connected and not self.disconnecting and not self._writeDisconnected
                and not self._tempDataBuffer and len(self.dataBuffer) == self.offset):
            sent = self.writeSomeData(data)
            if isinstance(sent, int):  # else the connection is lost: buffered, doWrite finds it as it always did
                if sent == len(data):
                    return
                data = data[sent:]
        buffered(self, data)

    tcp.Connection.write = write


_twisted_writes_at_once()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": FairOriginValidator(FairAuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
