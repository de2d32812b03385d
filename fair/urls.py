"""URLs of the whole fair (the project's composition root: it may include every area's URLs)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from fair import offline, views
from fair.analytics import views as analytics
from fair.studio.access import organizer_view
from realtime import outbox

fair_patterns = (
    [
        path("", views.home, name="home"),
        path("fairs/<slug:fair_slug>/", views.fair_detail, name="fair"),
        path("mode/<str:mode_name>/", views.mode_switch, name="mode"),
        path("language/<str:code>/", views.language_switch, name="language"),
        path("offline/", offline.offline, name="offline"),
    ],
    "fair",
)

# Analytics sits below the studio (docs/architecture.md), so its dashboards are mounted here: the organizers' in
# the studio's address space behind the studio's organizer_view, the producer's beside the console.
analytics_patterns = (
    [
        path("studio/analytics/", organizer_view(analytics.organizer_dashboard), name="organizer"),
        path("producer/analytics/", analytics.producer_dashboard, name="producer"),
    ],
    "analytics",
)

urlpatterns = [
    path("", include(fair_patterns)),
    path("", include("booths.urls")),
    path("", include("booths.orders.urls")),
    path("search/", include("fair.search.urls")),
    path("", include(analytics_patterns)),
    path("studio/", include("fair.studio.urls")),
    path("producer/", include("booths.editor.urls")),
    path("accounts/", include("booths.editor.urls_accounts")),
    path("admin/", admin.site.urls),
    path("favicon.ico", views.favicon),
    # A weak connection (docs/offline.md): the service worker at the root (its scope is every page), the web app
    # manifest, and the sockets' HTTP twin the worker delivers the outbox to.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("outbox/booths/<slug:booth_slug>/", outbox.booth_outbox, name="outbox_booth"),
    path("outbox/producer/", outbox.producer_outbox, name="outbox_producer"),
]
if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
