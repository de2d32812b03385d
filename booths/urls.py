from django.urls import path

from booths import views

app_name = "booths"
urlpatterns = [
    path("booths/<slug:booth_slug>/", views.booth_detail, name="booth"),
    path("products/<slug:product_slug>/", views.product_detail, name="product"),
    path("producer/", views.producer_console, name="console"),
]
