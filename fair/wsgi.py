"""WSGI entry for the fair's pages in production (gunicorn): HTML outside daphne, which keeps the websockets.

See docs/deployment.md: the proxy sends /ws/ to daphne and everything else to gunicorn.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fair.settings")
application = get_wsgi_application()
