"""Analytics reads for the dashboards: rollups only (never the raw events), a bounded number of rows whatever the
number of events (an hour × place grid, a day × place grid, buckets), found through their indexes."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum
from django.utils import timezone

from fair.analytics.models import COUNTERS, DayRollup, Distribution, HeatCell, HourRollup, Scope, SearchMiss

FIELD = {Scope.FAIR: "fair_id", Scope.HALL: "hall_id", Scope.BOOTH: "booth_id", Scope.PRODUCT: "product_id"}
PEOPLE = ("visitors", "booth_visitors", "chatters", "buyers")


@dataclass(frozen=True)
class Period:
    """Days from `first` to `last` (inclusive) in the fair's time zone."""

    name: str  # "today", "day" or "fair"
    first: date
    last: date

    @property
    def days(self):
        return {"day__gte": self.first, "day__lte": self.last}


def period_for(*, fair, name: str, day: str = "") -> Period:
    today = timezone.localdate()
    if name == "day":
        try:
            chosen = date.fromisoformat(day)
        except ValueError:
            chosen = today
        return Period("day", chosen, chosen)
    if name == "fair" and fair is not None:
        return Period("fair", fair.starts_on, max(fair.ends_on, fair.starts_on))
    return Period("today", today, today)


def median(buckets: dict[int, int]) -> int | None:
    """The median of a bucketed distribution (the lower median, in whole seconds), None when empty."""
    total = sum(buckets.values())
    if not total:
        return None
    middle, seen = (total + 1) // 2, 0
    for value in sorted(buckets):
        seen += buckets[value]
        if seen >= middle:
            return value
    return None


def _medians(scope: str, keys, period: Period, metric: str) -> dict[int, int | None]:
    found = defaultdict(lambda: defaultdict(int))
    rows = (Distribution.objects.filter(scope=scope, key__in=list(keys), metric=metric, **period.days)
            .values("key", "bucket").annotate(n=Sum("count")).order_by())
    for r in rows:
        found[r["key"]][r["bucket"]] += r["n"]
    return {key: median(found[key]) for key in keys}


def summary(*, scope: str, keys, period: Period, within: dict | None = None) -> dict[int, dict]:
    """Every number of the dashboards for each place of one scope (hall ids, booth ids …) over the period.
    `within` narrows the hour rollups first (a fair's halls: {"fair_id": 3}) so the index is used."""
    keys = list(keys)
    field = FIELD[scope]
    hours = HourRollup.objects.filter(**(within or {}), **period.days, **{f"{field}__in": keys})
    out = {key: {name: 0 for name in (*COUNTERS, *PEOPLE)} for key in keys}
    for row in hours.values(field).annotate(**{name: Sum(name) for name in COUNTERS}).order_by():
        out[row[field]].update({name: row[name] or 0 for name in COUNTERS})
    people = DayRollup.objects.filter(scope=scope, key__in=keys, **period.days)
    for row in people.values("key").annotate(**{name: Sum(name) for name in PEOPLE}).order_by():
        out[row["key"]].update({name: row[name] or 0 for name in PEOPLE})
    dwell, reply = _medians(scope, keys, period, "dwell"), _medians(scope, keys, period, "reply")
    for key, numbers in out.items():
        numbers["median_dwell"], numbers["median_reply"] = dwell[key], reply[key]
        numbers["chat_rate"] = _rate(numbers["chatters"], numbers["booth_visitors"])
        numbers["order_rate"] = _rate(numbers["buyers"], numbers["booth_visitors"])
    return out


def fair_numbers(*, fair_id: int, period: Period) -> dict[tuple[str, int], dict]:
    """Every number of a fair's dashboard, for the fair and each of its halls, booths and products, in three reads
    (hour sums grouped by place, the day rollups, the distributions), each through the fair's index."""
    out = defaultdict(lambda: {name: 0 for name in (*COUNTERS, *PEOPLE)})
    hours = (HourRollup.objects.filter(fair_id=fair_id, **period.days).values("hall_id", "booth_id", "product_id")
             .annotate(**{name: Sum(name) for name in COUNTERS}).order_by())
    for row in hours:
        places = [(Scope.FAIR, fair_id)] + [(scope, row[FIELD[scope]]) for scope in (Scope.HALL, Scope.BOOTH, Scope.PRODUCT)
                                            if row[FIELD[scope]]]
        for place in places:
            numbers = out[place]
            for name in COUNTERS:
                numbers[name] += row[name] or 0
    people = (DayRollup.objects.filter(fair_id=fair_id, **period.days).values("scope", "key")
              .annotate(**{name: Sum(name) for name in PEOPLE}).order_by())
    for row in people:
        out[(row["scope"], row["key"])].update({name: row[name] or 0 for name in PEOPLE})
    buckets = defaultdict(lambda: defaultdict(int))
    for row in (Distribution.objects.filter(fair_id=fair_id, **period.days).values("scope", "key", "metric", "bucket")
                .annotate(n=Sum("count")).order_by()):
        buckets[(row["scope"], row["key"], row["metric"])][row["bucket"]] += row["n"]
    for (scope, key), numbers in list(out.items()):
        numbers["median_dwell"] = median(buckets.get((scope, key, "dwell"), {}))
        numbers["median_reply"] = median(buckets.get((scope, key, "reply"), {}))
        numbers["chat_rate"] = _rate(numbers["chatters"], numbers["booth_visitors"])
        numbers["order_rate"] = _rate(numbers["buyers"], numbers["booth_visitors"])
    return out


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def by_hour(*, within: dict, period: Period) -> list[dict]:
    """Visits, chats and orders per hour of the day (0–23, the fair's time zone) summed over the period: when
    visitors come."""
    out = [{"hour": h, "visits": 0, "page_views": 0, "chats": 0, "messages": 0, "orders": 0} for h in range(24)]
    rows = (HourRollup.objects.filter(**within, **period.days).values("hour")
            .annotate(visits=Sum("visits"), page_views=Sum("page_views"), chats=Sum("chats"),
                      messages=Sum("messages"), orders=Sum("orders")).order_by())
    for r in rows:
        slot = out[timezone.localtime(r["hour"]).hour]
        for name in ("visits", "page_views", "chats", "messages", "orders"):
            slot[name] += r[name] or 0
    return out


def heat(*, hall_id: int, period: Period) -> dict[tuple[int, int], int]:
    rows = (HeatCell.objects.filter(hall_id=hall_id, **period.days).values("x", "z")
            .annotate(n=Sum("samples")).order_by())
    return {(r["x"], r["z"]): r["n"] for r in rows}


def search_misses(*, period: Period, limit: int = 50) -> list[dict]:
    return list(SearchMiss.objects.filter(**period.days).values("term").annotate(count=Sum("count"))
                .order_by("-count", "term")[:limit])


def fair_days(period: Period) -> list[date]:
    return [period.first + timedelta(days=n) for n in range((period.last - period.first).days + 1)]


# The places the dashboards name (read from the catalogue and the core; analytics sits above both) ----------------

def fair_places(*, fair) -> tuple[list, list, list]:
    """A fair's halls, booths and products."""
    from booths.models import Booth, Product
    from fair.models import Hall

    return (list(Hall.objects.filter(fair=fair).order_by("order", "id")),
            list(Booth.objects.filter(hall__fair=fair).order_by("id")),
            list(Product.objects.filter(booth__hall__fair=fair).order_by("id")))


def fair_booth(*, fair, slug: str):
    from booths.models import Booth

    return Booth.objects.filter(slug=slug, hall__fair=fair).first()


def booth_products(*, booth) -> list:
    from booths.models import Product

    return list(Product.objects.filter(booth=booth).order_by("order", "id"))


def staff_booths(*, producer_ids) -> list:
    """The booths of the producers a person staffs, with their hall and fair."""
    from booths.models import Booth

    return list(Booth.objects.filter(producer_id__in=producer_ids).select_related("hall__fair").order_by("id"))
