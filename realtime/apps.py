from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "realtime"
    verbose_name = "Realtime"

    def ready(self):
        from fair import events
        from realtime import hub

        # Every area's events reach sockets through this process's fan-out hub (realtime/hub.py).
        events.use_transport(hub.group_send)
