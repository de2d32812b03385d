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

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": FairOriginValidator(FairAuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
