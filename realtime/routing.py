"""Websocket routes of the fair. The live-booth issue adds /ws/halls/, /ws/booths/, /ws/producer/."""

websocket_urlpatterns = []
