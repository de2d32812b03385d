"""Websocket routes of the fair."""

from django.urls import path

from realtime import consumers

websocket_urlpatterns = [
    path("ws/halls/<int:hall_id>/", consumers.HallConsumer.as_asgi()),
    path("ws/booths/<slug:slug>/", consumers.BoothConsumer.as_asgi()),
    path("ws/producer/", consumers.ProducerConsumer.as_asgi()),
    path("ws/orders/", consumers.OrdersConsumer.as_asgi()),
]
