"""Facts an area states for whoever follows them (analytics), without knowing who does: the dependency direction
(docs/architecture.md) forbids a lower area importing a higher one, so the lower area sends a signal here and
the follower connects to it in its AppConfig. Receivers must be cheap and must not raise (`send_robust`)."""

from django.dispatch import Signal

# A visitor's search found no product and no booth. Keyword argument: `query` (the text as typed).
search_found_nothing = Signal()


def state(signal: Signal, **facts) -> None:
    """Send a fact to its followers; a follower's failure is theirs (logged by them), never the sender's."""
    signal.send_robust(sender=None, **facts)
