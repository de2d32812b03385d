"""Analytics writes: events from the buffer's facts (recorder.flush), the worker's rollups, the retention purge.

Rollups are recomputed, never incremented: a run finds the days that got events since shortly before its last
run (by `Event.recorded`, so late events and slow commits are seen), deletes those days' rollup rows and writes
them again from the raw events in one transaction. Running it twice changes nothing.
"""

import logging
import re
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from fair.analytics import recorder
from fair.analytics.models import (
    DayRollup,
    DaySalt,
    Distribution,
    Event,
    HeatCell,
    HourRollup,
    RollupState,
    Scope,
    SearchMiss,
)

log = logging.getLogger(__name__)
K = Event.Kind
SETTLE = timedelta(seconds=120)  # a batch committed this much after it was stamped is still found


# Facts → events ---------------------------------------------------------------------------------------------------

def _places(facts):
    """Where each fact happened: booth → (hall, fair); product → booth; slugs → ids. A few queries per batch."""
    from booths.models import Booth, Product
    from fair.models import Fair, Hall

    refs = defaultdict(set)
    for f in facts:
        for name, value in f.ref.items():
            refs[name].add(value)
    products = {}
    if refs["product_slug"]:
        products.update({slug: (pid, booth) for slug, pid, booth in
                         Product.objects.filter(slug__in=refs["product_slug"]).values_list("slug", "id", "booth_id")})
    booth_slugs = dict(Booth.objects.filter(slug__in=refs["booth_slug"]).values_list("slug", "id")) if refs["booth_slug"] else {}
    booth_ids = {f.booth_id for f in facts if f.booth_id} | set(booth_slugs.values()) | {b for _p, b in products.values()}
    booths = {bid: (hall, fair) for bid, hall, fair in
              Booth.objects.filter(id__in=booth_ids).values_list("id", "hall_id", "hall__fair_id")} if booth_ids else {}
    hall_ids = {f.hall_id for f in facts if f.hall_id}
    halls = dict(Hall.objects.filter(id__in=hall_ids).values_list("id", "fair_id")) if hall_ids else {}
    hall_slugs = {}
    for fair_slug, hall_slug in refs["hall_slug"]:
        hall_slugs.setdefault(fair_slug, set()).add(hall_slug)
    by_slug = {}
    for fair_slug, slugs in hall_slugs.items():
        for hid, fid, slug in Hall.objects.filter(fair__slug=fair_slug, slug__in=slugs).values_list("id", "fair_id", "slug"):
            by_slug[(fair_slug, slug)] = (hid, fid)
    fairs = dict(Fair.objects.filter(slug__in=refs["fair_slug"]).values_list("slug", "id")) if refs["fair_slug"] else {}
    return products, booth_slugs, booths, halls, by_slug, fairs


def _reply_seconds(facts) -> dict[int, int]:
    """For each producer message: seconds since the visitor's oldest message it answers (-1: nothing waited)."""
    from booths.conversations.models import Message

    found = {}
    for f in facts:
        message_id, conversation_id = f.ref["message"], f.ref["conversation"]
        answered_at = Message.objects.filter(id=message_id).values_list("created_at", flat=True).first()
        if answered_at is None:
            continue
        before = Message.objects.filter(conversation_id=conversation_id, id__lt=message_id)
        last_reply = before.filter(sender=Message.Sender.PRODUCER).order_by("-id").values_list("id", flat=True).first()
        waiting = before.filter(sender=Message.Sender.VISITOR, id__gt=last_reply or 0).order_by("id")
        first = waiting.values_list("created_at", flat=True).first()
        found[message_id] = max(0, int((answered_at - first).total_seconds())) if first else -1
    return found


COLUMNS = ("recorded", "at", "hour", "day", "kind", "fair_id", "hall_id", "booth_id", "product_id", "visitor", "value",
           "x", "z", "term")


def events_append(facts) -> int:
    """Append the facts' events in one statement. Plain rows and `executemany`, not model instances: this runs in
    the fair's own processes every few seconds, and the ORM's per-field preparation would cost ten times more."""
    from django.db import connection

    rows = events_from_facts(facts)
    if not rows:
        return 0
    ops = connection.ops
    prepared = [(ops.adapt_datetimefield_value(r[0]), ops.adapt_datetimefield_value(r[1]),
                 ops.adapt_datetimefield_value(r[2]), ops.adapt_datefield_value(r[3]), *r[4:]) for r in rows]
    table = connection.ops.quote_name(Event._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: PostgreSQL's bulk path, several times cheaper than one INSERT per row on the same cores that
            # serve the pages (hall page throughput with page views counted: docs/benchmarks.md).
            with cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})",
                               prepared)
    return len(rows)


def events_from_facts(facts) -> list[tuple]:
    """Each fact as an event row (COLUMNS), with its place looked up and its visitor hashed."""
    products, booth_slugs, booths, halls, hall_slugs, fairs = _places(facts)
    replies = _reply_seconds([f for f in facts if f.kind == K.REPLY and "message" in f.ref])
    stamp = timezone.now()
    events = []
    for f in facts:
        booth_id, product_id, hall_id, fair_id = f.booth_id, f.product_id, f.hall_id, f.fair_id
        if "booth_slug" in f.ref:
            booth_id = booth_slugs.get(f.ref["booth_slug"])
            if booth_id is None:
                continue
        if "product_slug" in f.ref:
            found = products.get(f.ref["product_slug"])
            if found is None or (booth_id and f.kind == K.MODEL and found[1] != booth_id):
                continue  # a product of another booth: refused
            product_id, booth_id = found
        if "hall_slug" in f.ref:
            found = hall_slugs.get(f.ref["hall_slug"])
            if found is None:
                continue
            hall_id, fair_id = found
        if "fair_slug" in f.ref:
            fair_id = fairs.get(f.ref["fair_slug"])
            if fair_id is None:
                continue
        if booth_id:
            if booth_id not in booths:
                continue
            hall_id, fair_id = booths[booth_id]
        elif hall_id and not fair_id:
            fair_id = halls.get(hall_id)
            if fair_id is None:
                continue
        value = replies.get(f.ref.get("message"), f.value) if f.kind == K.REPLY else f.value
        day = recorder.day_of(f.at)
        events.append((stamp, f.at, recorder.hour_of(f.at), day, str(f.kind), fair_id, hall_id, booth_id, product_id,
                       recorder.visitor_hash(f.visitor_id, day), value, f.x, f.z, f.term))
    return events


# Search terms -------------------------------------------------------------------------------------------------------

PERSONAL = re.compile(r"\d{4,}|@|https?:", re.I)  # phone numbers, order numbers, e-mail addresses, links


def search_term(text: str) -> str:
    """What is kept of a search that found nothing: lower case, spaces squeezed, at most 60 characters; nothing at
    all when it looks like a phone number, an e-mail address or a link."""
    term = " ".join((text or "").lower().split())[:60]
    if not term or PERSONAL.search(term):
        return ""
    return term


# Rollups ----------------------------------------------------------------------------------------------------------

def bucket(seconds: int) -> int:
    """Dwell and reply times are kept in buckets: each second up to a minute, 5 s to 10 min, a minute to 2 h."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return seconds
    if seconds < 600:
        return seconds - seconds % 5
    return min(seconds - seconds % 60, 7200)


COUNT_OF = {K.PAGE: "page_views", K.ENTER: "visits", K.MODEL: "model_views", K.TOUR_START: "tour_starts",
            K.TOUR_DONE: "tour_completions", K.CHAT: "chats", K.MESSAGE: "messages", K.REPLY: "messages",
            K.ORDER: "orders", K.POSITION: "positions"}


def _hour_rows(day) -> list[HourRollup]:
    rows = {}
    grouped = (Event.objects.filter(day=day).exclude(kind=K.SEARCH_EMPTY)
               .values("hour", "fair_id", "hall_id", "booth_id", "product_id", "kind")
               .annotate(n=Count("id"), total=Sum("value"), answered=Count("id", filter=Q(value__gte=0))))
    for g in grouped:
        key = (g["hour"], g["fair_id"] or 0, g["hall_id"] or 0, g["booth_id"] or 0, g["product_id"] or 0)
        row = rows.get(key)
        if row is None:
            row = rows[key] = HourRollup(hour=key[0], day=day, fair_id=key[1], hall_id=key[2], booth_id=key[3],
                                         product_id=key[4])
        kind, n, total = g["kind"], g["n"], g["total"] or 0
        if kind in COUNT_OF:
            setattr(row, COUNT_OF[kind], getattr(row, COUNT_OF[kind]) + n)
        if kind == K.LEAVE:
            row.dwell_count += n
            row.dwell_total += total
        elif kind == K.REPLY:
            row.replies += g["answered"]  # producer messages that answered a waiting visitor
        elif kind == K.ORDER:
            row.order_value += total
        elif kind == K.ORDER_LINE:  # product rows: orders holding the product and what it brought in
            row.line_orders += n
            row.line_value += total
    return list(rows.values())


def _scopes(row):
    """The places an event counts in: its fair, hall, booth and product."""
    for scope, key in ((Scope.FAIR, row["fair_id"]), (Scope.HALL, row["hall_id"]), (Scope.BOOTH, row["booth_id"]),
                       (Scope.PRODUCT, row["product_id"])):
        if key:
            yield scope, key


def _day_rows(day) -> list[DayRollup]:
    """Unique visitors per place, and the funnel: of the visitors who entered a booth, who also wrote in a chat, who
    also ordered. Counted in the database, one place level at a time: each visitor's flags at the place, then sums."""
    from django.db import connection

    table = connection.ops.quote_name(Event._meta.db_table)
    out = []
    for scope, column in ((Scope.FAIR, "fair_id"), (Scope.HALL, "hall_id"), (Scope.BOOTH, "booth_id"),
                          (Scope.PRODUCT, "product_id")):
        sql = f"""
            SELECT place, MAX(fair), COUNT(*), SUM(entered), SUM(entered * chatted), SUM(entered * ordered)
            FROM (SELECT {column} AS place, MAX(fair_id) AS fair, visitor,
                         MAX(CASE WHEN kind = %s THEN 1 ELSE 0 END) AS entered,
                         MAX(CASE WHEN kind IN (%s, %s) THEN 1 ELSE 0 END) AS chatted,
                         MAX(CASE WHEN kind IN (%s, %s) THEN 1 ELSE 0 END) AS ordered
                  FROM {table} WHERE day = %s AND visitor <> '' AND {column} IS NOT NULL
                  GROUP BY {column}, visitor) AS flags
            GROUP BY place"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [K.ENTER, K.CHAT, K.MESSAGE, K.ORDER, K.ORDER_LINE, connection.ops.adapt_datefield_value(day)])
            for place, fair, visitors, entered, chatted, ordered in cursor.fetchall():
                out.append(DayRollup(day=day, scope=scope, key=place, fair_id=fair or 0, visitors=visitors,
                                     booth_visitors=entered or 0, chatters=chatted or 0, buyers=ordered or 0))
    return out


def _distribution_rows(day) -> list[Distribution]:
    counts = defaultdict(int)
    fair_of = {}
    grouped = (Event.objects.filter(day=day, kind__in=[K.LEAVE, K.REPLY], value__gte=0)
               .values("fair_id", "hall_id", "booth_id", "product_id", "kind", "value").annotate(n=Count("id")))
    for g in grouped:
        metric = "dwell" if g["kind"] == K.LEAVE else "reply"
        for scope, key in _scopes(g):
            fair_of[(scope, key)] = g["fair_id"] or 0
            counts[(scope, key, metric, bucket(g["value"]))] += g["n"]
    return [Distribution(day=day, scope=s, key=k, fair_id=fair_of[(s, k)], metric=m, bucket=b, count=n)
            for (s, k, m, b), n in counts.items()]


def _heat_rows(day) -> list[HeatCell]:
    grouped = (Event.objects.filter(day=day, kind=K.POSITION).exclude(hall_id=None)
               .values("hall_id", "fair_id", "x", "z").annotate(n=Count("id")))
    return [HeatCell(day=day, hall_id=g["hall_id"], fair_id=g["fair_id"] or 0, x=g["x"], z=g["z"], samples=g["n"])
            for g in grouped if g["x"] is not None]


def _search_rows(day) -> list[SearchMiss]:
    grouped = Event.objects.filter(day=day, kind=K.SEARCH_EMPTY).values("term").annotate(n=Count("id"))
    return [SearchMiss(day=day, term=g["term"], count=g["n"]) for g in grouped if g["term"]]


def rollup_day(day) -> None:
    """Every rollup row of one day, again from the raw events (delete and write, in one transaction)."""
    hours, days, dists = _hour_rows(day), _day_rows(day), _distribution_rows(day)
    heat, search = _heat_rows(day), _search_rows(day)
    with transaction.atomic():
        for model in (HourRollup, DayRollup, Distribution, HeatCell, SearchMiss):
            model.objects.filter(day=day).delete()
        HourRollup.objects.bulk_create(hours, batch_size=2000)
        DayRollup.objects.bulk_create(days, batch_size=2000)
        Distribution.objects.bulk_create(dists, batch_size=2000)
        HeatCell.objects.bulk_create(heat, batch_size=2000)
        SearchMiss.objects.bulk_create(search, batch_size=2000)


def rollup_run() -> list:
    """The worker's job: roll up every day that got events since shortly before the last run. Idempotent."""
    started = timezone.now()
    state, _ = RollupState.objects.get_or_create(pk=1)
    since = Q() if state.since is None else Q(recorded__gte=state.since - SETTLE)
    days = sorted(Event.objects.filter(since).values_list("day", flat=True).distinct())
    for day in days:
        rollup_day(day)
    RollupState.objects.filter(pk=1).update(since=started)
    return days


def purge(today=None) -> dict:
    """Raw events older than ANALYTICS_RETENTION_DAYS go (rollups stay for ever); salts of days before yesterday go,
    so nobody can hash a visitor id into those days' events any more."""
    today = today or timezone.localdate()
    events, _ = Event.objects.filter(day__lt=today - timedelta(days=settings.ANALYTICS_RETENTION_DAYS)).delete()
    salts, _ = DaySalt.objects.filter(day__lt=today - timedelta(days=1)).delete()
    recorder.forget_salts()
    return {"events": events, "salts": salts}
