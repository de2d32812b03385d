from django.urls import path

from booths import views

app_name = "booths"
urlpatterns = [
    path("booths/<slug:booth_slug>/", views.booth_detail, name="booth"),
    path("booths/<slug:booth_slug>/vr.json", views.booth_vr, name="booth_vr"),
    path("products/<slug:product_slug>/", views.product_detail, name="product"),
    path("producer/", views.producer_console, name="console"),
    path("booths/<slug:booth_slug>/checkout/", views.checkout, name="checkout"),
    path("orders/", views.orders_mine, name="orders"),
    path("orders/find/", views.order_find, name="order_find"),
    path("orders/<str:number>/", views.order_detail, name="order"),
    path("orders/<str:number>/cancel/", views.order_cancel, name="order_cancel"),
]
