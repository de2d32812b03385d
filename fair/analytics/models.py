"""What analytics keeps: raw events (appended, never updated, kept ANALYTICS_RETENTION_DAYS) and the worker's
rollups (kept for ever). No row holds a user id, a session key, an address, a phone or a name; a visitor is a
keyed hash of the day (`Event.visitor`) whose key (`DaySalt`) lives in its own table and is deleted once its day
is over, so two days cannot be linked. docs/analytics.md lists every field."""

from django.db import models


class Event(models.Model):
    """One fact, as it happened. Places are plain ids (no foreign keys): deleting a booth never rewrites history."""

    class Kind(models.TextChoices):
        PAGE = "page", "page view"
        ENTER = "enter", "booth entered"
        LEAVE = "leave", "booth left (value: seconds stayed)"
        MODEL = "model", "3D model turned"
        TOUR_START = "tour_start", "process tour started"
        TOUR_DONE = "tour_done", "process tour completed"
        POSITION = "pos", "position in the hall"
        CHAT = "chat", "conversation started"
        MESSAGE = "message", "visitor's message"
        REPLY = "reply", "producer's message (value: seconds since the visitor's waiting message, -1 if none)"
        ORDER = "order", "order placed (value: total VND)"
        ORDER_LINE = "order_line", "product ordered (value: line total VND)"
        SEARCH_EMPTY = "search_empty", "search that found nothing"

    id = models.BigAutoField(primary_key=True)
    recorded = models.DateTimeField(db_index=True)  # when it was written: the rollup finds late events by it
    at = models.DateTimeField()  # when it happened (server time)
    hour = models.DateTimeField()  # `at` to the hour: the rollup's group
    day = models.DateField()  # `at`'s day in the fair's time zone: the salt's day
    kind = models.CharField(max_length=12, choices=Kind.choices)
    fair_id = models.PositiveIntegerField(null=True)
    hall_id = models.PositiveIntegerField(null=True)
    booth_id = models.PositiveIntegerField(null=True)
    product_id = models.PositiveIntegerField(null=True)
    visitor = models.CharField(max_length=16, blank=True)  # HMAC of the visitor id with the day's salt
    value = models.BigIntegerField(default=0)
    x = models.SmallIntegerField(null=True)  # whole metres on the hall's floor (positions only)
    z = models.SmallIntegerField(null=True)
    term = models.CharField(max_length=60, blank=True)  # a search that found nothing (no digits runs, no @)

    class Meta:
        indexes = [models.Index(fields=["day", "kind"], name="analytics_event_day_kind"),
                   models.Index(fields=["at"], name="analytics_event_at")]


class DaySalt(models.Model):
    """The key of one day's visitor hashes: never stored with the events, deleted when its day is over."""

    day = models.DateField(unique=True)
    key = models.BinaryField(max_length=32)


class Scope(models.TextChoices):
    FAIR = "fair"
    HALL = "hall"
    BOOTH = "booth"
    PRODUCT = "product"


COUNTERS = ("page_views", "visits", "dwell_count", "dwell_total", "model_views", "tour_starts", "tour_completions",
            "chats", "messages", "replies", "orders", "order_value", "line_orders", "line_value", "positions")


class HourRollup(models.Model):
    """Sums per hour and place (fair, hall, booth, product; 0 where not known): every event counts in one row."""

    hour = models.DateTimeField()
    day = models.DateField()
    fair_id = models.PositiveIntegerField(default=0)
    hall_id = models.PositiveIntegerField(default=0)
    booth_id = models.PositiveIntegerField(default=0)
    product_id = models.PositiveIntegerField(default=0)
    page_views = models.PositiveIntegerField(default=0)
    visits = models.PositiveIntegerField(default=0)
    dwell_count = models.PositiveIntegerField(default=0)
    dwell_total = models.BigIntegerField(default=0)
    model_views = models.PositiveIntegerField(default=0)
    tour_starts = models.PositiveIntegerField(default=0)
    tour_completions = models.PositiveIntegerField(default=0)
    chats = models.PositiveIntegerField(default=0)
    messages = models.PositiveIntegerField(default=0)
    replies = models.PositiveIntegerField(default=0)
    orders = models.PositiveIntegerField(default=0)
    order_value = models.BigIntegerField(default=0)
    line_orders = models.PositiveIntegerField(default=0)  # orders that hold the row's product (product rows)
    line_value = models.BigIntegerField(default=0)  # what was paid for the row's product in them
    positions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hour", "fair_id", "hall_id", "booth_id", "product_id"],
                                               name="analytics_hour_one_row")]
        indexes = [models.Index(fields=["fair_id", "day"], name="analytics_hour_fair_day"),
                   models.Index(fields=["booth_id", "day"], name="analytics_hour_booth_day")]


class DayRollup(models.Model):
    """Per day and place: unique visitors (hashes of that day) and the conversion funnel's people."""

    day = models.DateField()
    scope = models.CharField(max_length=8, choices=Scope.choices)
    key = models.PositiveIntegerField()
    fair_id = models.PositiveIntegerField()
    visitors = models.PositiveIntegerField(default=0)  # anyone seen there (pages, booths, the hall)
    booth_visitors = models.PositiveIntegerField(default=0)  # of them, who entered a booth (visit)
    chatters = models.PositiveIntegerField(default=0)  # of those, who also wrote in a chat
    buyers = models.PositiveIntegerField(default=0)  # of those, who also ordered

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "scope", "key"], name="analytics_day_one_row")]
        indexes = [models.Index(fields=["fair_id", "scope", "day"], name="analytics_day_fair")]


class Distribution(models.Model):
    """How many dwell times / reply times fell in each bucket (seconds) per day and place: medians for any period."""

    day = models.DateField()
    scope = models.CharField(max_length=8, choices=Scope.choices)
    key = models.PositiveIntegerField()
    fair_id = models.PositiveIntegerField()
    metric = models.CharField(max_length=8)  # "dwell" or "reply"
    bucket = models.PositiveIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "scope", "key", "metric", "bucket"],
                                               name="analytics_distribution_one_row")]
        indexes = [models.Index(fields=["scope", "key", "metric", "day"], name="analytics_distribution_find"),
                   models.Index(fields=["fair_id", "day"], name="analytics_distribution_fair")]


class HeatCell(models.Model):
    """Position samples per day, hall and square metre of its floor."""

    day = models.DateField()
    hall_id = models.PositiveIntegerField()
    fair_id = models.PositiveIntegerField()
    x = models.SmallIntegerField()
    z = models.SmallIntegerField()
    samples = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "hall_id", "x", "z"], name="analytics_heat_one_row")]
        indexes = [models.Index(fields=["hall_id", "day"], name="analytics_heat_hall_day")]


class SearchMiss(models.Model):
    """A search term that found nothing, how often, per day (fair-wide)."""

    day = models.DateField()
    term = models.CharField(max_length=60)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "term"], name="analytics_search_miss_one_row")]


class RollupState(models.Model):
    """One row: when the last rollup started (it looks again at events recorded since a little before)."""

    since = models.DateTimeField(null=True)
