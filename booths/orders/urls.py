from django.urls import path

from booths.orders import views

app_name = "orders"
urlpatterns = [
    path("booths/<slug:booth_slug>/checkout/", views.checkout, name="checkout"),
    path("orders/", views.orders_mine, name="orders"),
    path("orders/find/", views.order_find, name="order_find"),
    path("orders/<str:number>/", views.order_detail, name="order"),
    path("orders/<str:number>/cancel/", views.order_cancel, name="order_cancel"),
]
