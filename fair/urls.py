"""URLs of the whole fair (the project's composition root: it may include every area's URLs)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from fair import views

fair_patterns = (
    [
        path("", views.home, name="home"),
        path("fairs/<slug:fair_slug>/", views.fair_detail, name="fair"),
        path("mode/<str:mode_name>/", views.mode_switch, name="mode"),
        path("language/<str:code>/", views.language_switch, name="language"),
    ],
    "fair",
)

urlpatterns = [
    path("", include(fair_patterns)),
    path("", include("booths.urls")),
    path("", include("booths.orders.urls")),
    path("search/", include("fair.search.urls")),
    path("producer/", include("booths.editor.urls")),
    path("accounts/", include("booths.editor.urls_accounts")),
    path("admin/", admin.site.urls),
    path("favicon.ico", views.favicon),
]
if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
