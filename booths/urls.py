from django.urls import path

from booths import views

app_name = "booths"
urlpatterns = [
    path("fairs/<slug:fair_slug>/halls/<slug:hall_slug>/", views.hall_detail, name="hall"),
    path("booths/<slug:booth_slug>/", views.booth_detail, name="booth"),
    path("booths/<slug:booth_slug>/vr.json", views.booth_vr, name="booth_vr"),
    path("products/<slug:product_slug>/", views.product_detail, name="product"),
    path("fairs/<slug:fair_slug>/schedule.ics", views.fair_ics, name="fair_ics"),
    path("sessions/<int:session_id>.ics", views.session_ics, name="session_ics"),
]
