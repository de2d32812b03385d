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

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": FairOriginValidator(FairAuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
