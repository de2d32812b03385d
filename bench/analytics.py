"""The analytics stage of `make bench` (`python bench/run.py --only analytics`), on PostgreSQL:

- the dashboards' queries (a fair, its halls, booths and products, hours, heat maps, searches; a booth's own) with
  1,000,000 events against the same with 10,000: they read only rollups, through their indexes, so the time must
  not grow with the events (target ≤ 1.5×);
- the rollup of 1,000,000 events (the worker's job, timed; 10,000 as its reference);
- chat fan-out with recording on against the same with FAIR_ANALYTICS=0 (target ≤ 1.1×): a visitor's message
  until it comes back over the conversation's group, with 40 visitors writing at once.

Events are made in the database with generate_series (a fair day's mix: entries, stays, page views, models turned,
messages, replies, positions, orders over the demo fair's booths, products and days, from 8:00 to 20:00).
"""

import statistics
import time

DASHBOARD_REPS = 15
# The events fall on the fair's first days, 8:00 to 20:00: a provincial OCOP fair lasts three to five days (the demo
# fair's dates span weeks, for showing it any day). What a dashboard reads is bounded by hours × places of the
# period, never by the events: 10,000 events already fill most of that grid, 1,000,000 fill it all.
FAIR_DAYS = 4


def _generate(fair, count: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from fair.analytics.models import DayRollup, Distribution, Event, HeatCell, HourRollup, RollupState, SearchMiss

    for model in (Event, HourRollup, DayRollup, Distribution, HeatCell, SearchMiss, RollupState):
        model.objects.all().delete()
    start = timezone.make_aware(timezone.datetime.combine(fair.starts_on, timezone.datetime.min.time())
                                ) + timezone.timedelta(hours=8)
    days = FAIR_DAYS
    with connection.cursor() as cursor:
        cursor.execute("""
            WITH b AS (SELECT row_number() OVER (ORDER BY bo.id) - 1 AS i, bo.id, bo.hall_id, h.fair_id
                       FROM booths_booth bo JOIN fair_hall h ON h.id = bo.hall_id WHERE h.fair_id = %(fair)s),
                 p AS (SELECT row_number() OVER (ORDER BY pr.id) - 1 AS i, pr.id FROM booths_product pr
                       JOIN booths_booth bo ON bo.id = pr.booth_id JOIN fair_hall h ON h.id = bo.hall_id
                       WHERE h.fair_id = %(fair)s),
                 g AS (SELECT s, %(start)s::timestamptz + (s %% %(days)s) * interval '1 day'
                                 + ((s * 7919) %% 43200) * interval '1 second' AS ts
                       FROM generate_series(1::bigint, %(n)s) s)
            INSERT INTO analytics_event (recorded, at, hour, day, kind, fair_id, hall_id, booth_id, product_id, visitor,
                                         value, x, z, term)
            SELECT now(), g.ts, date_trunc('hour', g.ts), (g.ts AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                   (ARRAY['enter','enter','leave','leave','page','model','message','reply','pos','order'])[1 + g.s %% 10],
                   b.fair_id, b.hall_id, CASE WHEN g.s %% 10 = 8 THEN NULL ELSE b.id END,
                   CASE WHEN g.s %% 10 IN (4, 5) THEN p.id END,
                   CASE WHEN g.s %% 10 = 8 THEN '' ELSE substr(md5((g.s %% %(people)s)::text), 1, 16) END,
                   CASE g.s %% 10 WHEN 2 THEN g.s %% 900 WHEN 3 THEN g.s %% 1800 WHEN 7 THEN g.s %% 300
                                  WHEN 9 THEN 250000 ELSE 0 END,
                   CASE WHEN g.s %% 10 = 8 THEN (g.s %% 40) - 20 END, CASE WHEN g.s %% 10 = 8 THEN (g.s %% 30) - 15 END, ''
            FROM g JOIN b ON b.i = g.s %% (SELECT count(*) FROM b) JOIN p ON p.i = (g.s / 10) %% (SELECT count(*) FROM p)
        """, {"fair": fair.id, "start": start, "days": days, "n": count, "people": max(50, count // 20)})
        cursor.execute("ANALYZE analytics_event")


def dashboard_queries(fair) -> int:
    """What the organizers' dashboard of the whole fair reads, and a producer's of one booth. Returns rows read."""
    from fair.analytics import selectors
    from fair.analytics.models import Scope

    period = selectors.period_for(fair=fair, name="fair")
    halls, booths, products = selectors.fair_places(fair=fair)
    within = {"fair_id": fair.id}
    found = [selectors.fair_numbers(fair_id=fair.id, period=period),
             selectors.by_hour(within=within, period=period), selectors.search_misses(period=period)]
    found += [selectors.heat(hall_id=h.id, period=period) for h in halls]
    booth = booths[0]
    found.append(selectors.summary(scope=Scope.BOOTH, keys=[booth.id], period=period))
    found.append(selectors.by_hour(within={"booth_id": booth.id}, period=period))
    return sum(len(f) for f in found)


def _time(fn, reps):
    times = []
    for _ in range(reps):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return times


def explain(fair) -> str:
    """The plans of the dashboards' main reads, as PostgreSQL runs them (for docs/analytics.md)."""
    from django.db.models import Sum

    from fair.analytics import selectors
    from fair.analytics.models import COUNTERS, DayRollup, HourRollup

    period = selectors.period_for(fair=fair, name="fair")
    _halls, booths, _products = selectors.fair_places(fair=fair)
    plans = {
        "every place of a fair (hour rollups)": HourRollup.objects.filter(fair_id=fair.id, **period.days)
        .values("hall_id", "booth_id", "product_id").annotate(**{n: Sum(n) for n in COUNTERS}).order_by(),
        "one booth (hour rollups)": HourRollup.objects.filter(booth_id=booths[0].id, **period.days).values("booth_id")
        .annotate(visits=Sum("visits")).order_by(),
        "unique visitors and the funnel of every place (day rollups)": DayRollup.objects.filter(fair_id=fair.id,
                                                                                                **period.days)
        .values("scope", "key").annotate(visitors=Sum("visitors"), buyers=Sum("buyers")).order_by(),
    }
    return "\n\n".join(f"{name}:\n{query.explain(analyze=True)}" for name, query in plans.items())


def dashboards(sizes) -> dict:
    from fair.analytics import services
    from fair.models import Fair

    fair = Fair.objects.get(slug="ocop-2026")
    small, large = (2_000, 50_000) if sizes.get("smoke") else (10_000, 1_000_000)
    out = {"small": small, "large": large}
    for label, count in (("small", small), ("large", large)):
        began = time.perf_counter()
        _generate(fair, count)
        out[f"{label}_generate_s"] = time.perf_counter() - began
        began = time.perf_counter()
        days = services.rollup_run()
        out[f"{label}_rollup_s"] = time.perf_counter() - began
        out[f"{label}_days"] = len(days)
        from fair.analytics.models import HourRollup

        out[f"{label}_hour_rows"] = HourRollup.objects.count()
        dashboard_queries(fair)  # warm
        out[f"{label}_ms"] = _time(lambda: dashboard_queries(fair), DASHBOARD_REPS)
        out[f"{label}_p50"] = statistics.median(out[f"{label}_ms"])
        if label == "large":
            out["explain"] = explain(fair)
        began = time.perf_counter()
        services.rollup_run()  # again: nothing new, the days of the last minutes only
        out[f"{label}_rollup_again_s"] = time.perf_counter() - began
    return out


async def chat_round_trip(url, origin, keys, rounds):
    """Each visitor writes `rounds` messages; the time until each comes back over the conversation's group."""
    import asyncio
    import json

    from bench.run import open_many

    sockets = await open_many([(url, key, origin) for key in keys])
    latencies = []

    async def one(socket, index):
        for n in range(rounds):
            sent = time.monotonic()
            client_id = f"b-{index}-{n}-{time.time_ns()}"
            await socket.send(json.dumps({"type": "chat.send", "client_id": client_id, "text": f"Còn hàng không? {n}"}))
            while True:
                text = await asyncio.wait_for(socket.recv(), 30)
                if '"chat.message"' in text and client_id in text:
                    latencies.append(time.monotonic() - sent)
                    break
            await asyncio.sleep(0.25)  # under the socket's rate limit

    try:
        await asyncio.gather(*(one(s, i) for i, s in enumerate(sockets)))
    finally:
        for socket in sockets:
            await socket.close()
    return latencies
