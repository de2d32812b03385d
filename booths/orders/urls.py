from django.urls import path

from booths.orders import views
from booths.orders.payments import views as payments

app_name = "orders"
urlpatterns = [
    path("booths/<slug:booth_slug>/checkout/", views.checkout, name="checkout"),
    path("orders/", views.orders_mine, name="orders"),
    path("orders/find/", views.order_find, name="order_find"),
    path("orders/<str:number>/", views.order_detail, name="order"),
    path("orders/<str:number>/cancel/", views.order_cancel, name="order_cancel"),
    path("orders/<str:number>/vietqr.png", views.order_qr, name="order_qr"),
    path("orders/<str:number>/receipt/", views.order_receipt, name="order_receipt"),
    path("payments/webhook/<slug:provider>/", payments.webhook, name="payment_webhook"),
]
