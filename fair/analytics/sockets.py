"""What the booth and hall sockets (realtime/, above this app) tell analytics, checked and limited here.

A visit is the booth socket's life: it starts when the socket is accepted and ends when it closes, but never
later than the last sign of life (connect or ping) plus the presence TTL: a phone that dies without goodbye is
counted as the presence count forgets it, however late the server notices the dead connection."""

import time
from datetime import timedelta

from django.conf import settings

from fair.analytics import recorder
from fair.errors import ClientError

POSITION_EVERY = 3.0  # seconds: one position per hall socket kept this often (the client samples every 5 s)
MAX_TOUR_STEPS = 200
MAX_PRODUCTS_SEEN = 100


class BoothVisit:
    """One visitor's stay in a booth, as its socket lives."""

    def __init__(self, *, booth_id: int, visitor_id: str):
        self.booth_id, self.visitor_id = booth_id, visitor_id
        self.started = self.last_seen = recorder.now()
        self.models: set[str] = set()
        self.tour: set[str] = set()
        self.ended = False
        recorder.record("enter", booth_id=booth_id, visitor_id=visitor_id, at=self.started)

    def alive(self) -> None:
        self.last_seen = recorder.now()

    def end(self) -> None:
        if self.ended:
            return
        self.ended = True
        end = min(recorder.now(), self.last_seen + timedelta(seconds=settings.PRESENCE_TTL))
        recorder.record("leave", booth_id=self.booth_id, visitor_id=self.visitor_id, at=end,
                        value=max(0, int((end - self.started).total_seconds())))

    def model_turned(self, product_slug: str) -> None:
        """Counted once per product and socket; the flush drops a product that is not this booth's."""
        if not 0 < len(product_slug) <= 80:
            raise ClientError("bad_field", "`product` must be a product's slug.")
        if product_slug in self.models or len(self.models) >= MAX_PRODUCTS_SEEN:
            return
        self.models.add(product_slug)
        recorder.record("model", booth_id=self.booth_id, ref={"product_slug": product_slug})

    def tour_step(self, step: int, steps: int) -> None:
        if not 0 < steps <= MAX_TOUR_STEPS or step >= steps:
            raise ClientError("bad_field", "`step` must be below `steps` (at most 200).")
        for kind, reached in (("tour_start", True), ("tour_done", step == steps - 1)):
            if reached and kind not in self.tour:
                self.tour.add(kind)
                recorder.record(kind, booth_id=self.booth_id)


class HallWalk:
    """Where a hall socket's visitor stands, sampled: no visitor mark at all, so no path can be rebuilt."""

    def __init__(self, *, hall_id: int):
        self.hall_id = hall_id
        self.last = float("-inf")

    def position(self, x: float, z: float) -> None:
        now = time.monotonic()
        if now - self.last < POSITION_EVERY:
            return
        self.last = now
        recorder.record("pos", hall_id=self.hall_id, x=round(x), z=round(z))
