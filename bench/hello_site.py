"""The reference for page throughput: Django's hello view, nothing else (gunicorn bench.hello_site:application)."""

from django.conf import settings

settings.configure(
    DEBUG=False, SECRET_KEY="hello-reference-" + "x" * 40, ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
    MIDDLEWARE=[], INSTALLED_APPS=[], USE_I18N=False,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("Hello, world!")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
