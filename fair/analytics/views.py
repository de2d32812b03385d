"""The dashboards: the organizers' (/studio/analytics/, a fair and its halls, booths and products) and a
producer's staff's (/producer/analytics/, their own booth only, numbers under 5 shown as "< 5"). Both read only
rollups (selectors.py); every table is also a CSV file (?format=csv&table=…, UTF-8 with a BOM)."""

import csv
import io
import math
from dataclasses import dataclass, field

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from booths.selectors import producers_of
from fair.analytics import selectors
from fair.analytics.models import Scope
from fair.selectors import fair_current, fairs_visible, user_signed_in
from fair.text import localized

SUPPRESS_BELOW = 5  # a producer's dashboards show 1–4 as "< 5": too few people to be counted apart


def _count(n, suppress: bool):
    return "< 5" if suppress and 0 < (n or 0) < SUPPRESS_BELOW else (n or 0)


def _money(n) -> str:
    return f"{n or 0:,}".replace(",", ".") + " ₫"


def _duration(seconds) -> str:
    if seconds is None:
        return "–"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _percent(value) -> str:
    return "–" if value is None else f"{value:.1f} %"


@dataclass
class Table:
    """One table of a dashboard: shown as HTML and exported as CSV from the same cells."""

    name: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    links: list = field(default_factory=list)  # the first cell's link per row (HTML only), or None

    @property
    def lines(self):
        return [{"link": link, "head": row[0], "cells": row[1:]} for row, link in zip(self.rows, self.links)]


PLACE_COLUMNS = [
    ("visitors", _("Unique visitors")), ("visits", _("Booth visits")), ("median_dwell", _("Median stay")),
    ("dwell_total", _("Total stay")), ("model_views", _("3D model views")), ("tour_starts", _("Tours started")),
    ("tour_completions", _("Tours completed")), ("chats", _("Chats started")), ("messages", _("Messages")),
    ("median_reply", _("Median reply time")), ("orders", _("Orders")), ("order_value", _("Order value")),
    ("chat_rate", _("Visit → chat")), ("order_rate", _("Visit → order")),
]


def _place_cells(numbers: dict, suppress: bool) -> list:
    few = suppress and numbers["booth_visitors"] < SUPPRESS_BELOW
    cells = []
    for key, _label in PLACE_COLUMNS:
        value = numbers.get(key)
        if key in ("median_dwell", "median_reply"):
            samples = numbers["dwell_count"] if key == "median_dwell" else numbers["replies"]
            cells.append("–" if suppress and samples < SUPPRESS_BELOW else _duration(value))
        elif key == "dwell_total":
            cells.append(_duration(value))
        elif key == "order_value":
            cells.append(_money(value))
        elif key in ("chat_rate", "order_rate"):
            cells.append("–" if few else _percent(value))
        else:
            cells.append(_count(value, suppress))
    return cells


def _places_table(name, title, places, numbers, suppress, link=None) -> Table:
    table = Table(name, title, [_("Name"), *[label for _k, label in PLACE_COLUMNS]])
    ranked = sorted(places, key=lambda p: (-numbers[p.id]["visits"], -numbers[p.id]["order_value"], p.id))
    for place in ranked:
        table.rows.append([_name(place), *_place_cells(numbers[place.id], suppress)])
        table.links.append(link(place) if link else None)
    return table


def _name(place) -> str:
    for attr in ("title", "name"):
        if hasattr(place, f"{attr}_vi"):
            return localized(place, attr)
    return str(place)


def _products_table(products, numbers, suppress) -> Table:
    table = Table("products", _("Products"), [_("Product"), _("Page views"), _("3D model views"), _("Unique visitors"),
                                                _("Orders"), _("Order value")])
    ranked = sorted(products, key=lambda p: (-numbers[p.id]["model_views"], -numbers[p.id]["line_orders"], p.id))
    for product in ranked:
        n = numbers[product.id]
        table.rows.append([_name(product), _count(n["page_views"], suppress), _count(n["model_views"], suppress),
                           _count(n["visitors"], suppress), _count(n["line_orders"], suppress), _money(n["line_value"])])
        table.links.append(None)
    return table


def _hours_table(hours, suppress) -> Table:
    table = Table("hours", _("When visitors come"), [_("Hour"), _("Booth visits"), _("Page views"), _("Chats started"),
                                                     _("Messages"), _("Orders")])
    for h in hours:
        table.rows.append([f"{h['hour']:02d}:00", *[_count(h[k], suppress) for k in
                                                    ("visits", "page_views", "chats", "messages", "orders")]])
        table.links.append(None)
    return table


def _totals_table(numbers, suppress) -> Table:
    table = Table("totals", _("In numbers"), [_("What"), _("Number")])
    for (key, label), cell in zip(PLACE_COLUMNS, _place_cells(numbers, suppress)):
        table.rows.append([label, cell])
        table.links.append(None)
    return table


def _chart(hours, labels) -> dict:
    """What the chart draws (the same numbers as the hours table)."""
    return {"hours": [h["hour"] for h in hours], "labels": labels,
            "series": {key: [h[key] for h in hours] for key in ("visits", "chats", "orders")}}


def _chart_labels():
    return {"visits": str(_("Booth visits")), "chats": str(_("Chats started")), "orders": str(_("Orders")),
            "hour": str(_("Hour"))}


def _heat_maps(halls, booths_by_hall, booth_numbers, period) -> list[dict]:
    """Each hall's floor as SVG shapes: squares where visitors stood (darker: more often), circles where booths
    stand (larger: more visits). Only numbers and names (escaped by the template)."""
    maps = []
    for hall in halls:
        cells = selectors.heat(hall_id=hall.id, period=period)
        booths = booths_by_hall.get(hall.id, [])
        xs = [x for x, _z in cells] + [b.position_x for b in booths]
        zs = [z for _x, z in cells] + [b.position_z for b in booths]
        if not xs:
            continue
        left, top = math.floor(min(xs)) - 3, math.floor(min(zs)) - 3
        width, height = math.ceil(max(xs)) + 4 - left, math.ceil(max(zs)) + 4 - top
        most = max(cells.values(), default=0)
        most_visits = max((booth_numbers[b.id]["visits"] for b in booths), default=0)
        maps.append({
            "hall": hall, "view_box": f"{left} {top} {width} {height}", "samples": sum(cells.values()),
            "cells": [{"x": x - 0.5, "z": z - 0.5, "opacity": round(0.15 + 0.85 * n / most, 3), "n": n}
                      for (x, z), n in sorted(cells.items())],
            "booths": [{"x": b.position_x, "z": b.position_z, "name": _name(b), "visits": booth_numbers[b.id]["visits"],
                        "r": round(0.6 + 1.6 * math.sqrt(booth_numbers[b.id]["visits"] / most_visits), 2) if most_visits else 0.6}
                       for b in booths],
            "spots": sorted(cells.items(), key=lambda item: -item[1])[:10],
        })
    return maps


def _csv_response(table: Table, filename: str) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")  # the BOM: spreadsheet programs then read UTF-8 (Vietnamese diacritics) correctly
    writer = csv.writer(out)
    writer.writerow([str(c) for c in table.columns])
    writer.writerows([[str(c) for c in row] for row in table.rows])
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{table.name}.csv"'
    return response


def _period(request, fair):
    return selectors.period_for(fair=fair, name=request.GET.get("period", "today"), day=request.GET.get("day", ""))


def _respond(request, template, context, tables, filename):
    if request.GET.get("format") == "csv":
        wanted = request.GET.get("table", "")
        for table in tables:
            if table.name == wanted:
                return _csv_response(table, filename)
        raise Http404("No such table.")
    context["tables"] = tables
    return render(request, template, context)


def _booth_context(booth, period, suppress):
    booth_numbers = selectors.summary(scope=Scope.BOOTH, keys=[booth.id], period=period)[booth.id]
    products = selectors.booth_products(booth=booth)
    product_numbers = selectors.summary(scope=Scope.PRODUCT, keys=[p.id for p in products], period=period,
                                        within={"booth_id": booth.id})
    hours = selectors.by_hour(within={"booth_id": booth.id}, period=period)
    tables = [_totals_table(booth_numbers, suppress), _products_table(products, product_numbers, suppress),
              _hours_table(hours, suppress)]
    return {"booth": booth, "numbers": booth_numbers, "chart": _chart(hours, _chart_labels())}, tables


def organizer_dashboard(request):
    """A fair's analytics for organizers (the project's URLs wrap it in the studio's organizer_view)."""
    fairs = list(fairs_visible(user=request.user).order_by("-starts_on", "id"))
    slug = request.GET.get("fair")
    fair = next((f for f in fairs if f.slug == slug), None) if slug else fair_current(user=request.user)
    if slug and fair is None:
        raise Http404("No such fair.")
    if fair is None and fairs:
        fair = fairs[0]
    period = _period(request, fair)
    context = {"fairs": fairs, "fair": fair, "period": period, "studio_section": "analytics", "suppress": False}
    if fair is None:
        return render(request, "analytics/organizer.html", context)
    booth_slug = request.GET.get("booth")
    if booth_slug:
        booth = selectors.fair_booth(fair=fair, slug=booth_slug)
        if booth is None:
            raise Http404("No such booth in this fair.")
        booth_context, tables = _booth_context(booth, period, suppress=False)
        context.update(booth_context)
        return _respond(request, "analytics/organizer.html", context, tables, f"{fair.slug}-{booth.slug}")
    halls, booths, products = selectors.fair_places(fair=fair)
    within = {"fair_id": fair.id}
    found = selectors.fair_numbers(fair_id=fair.id, period=period)
    numbers = found[(Scope.FAIR, fair.id)]
    hall_numbers = {h.id: found[(Scope.HALL, h.id)] for h in halls}
    booth_numbers = {b.id: found[(Scope.BOOTH, b.id)] for b in booths}
    product_numbers = {p.id: found[(Scope.PRODUCT, p.id)] for p in products}
    hours = selectors.by_hour(within=within, period=period)
    query = f"fair={fair.slug}&period={period.name}&day={period.first.isoformat()}"
    booths_by_hall = {}
    for booth in booths:
        booths_by_hall.setdefault(booth.hall_id, []).append(booth)
    misses = selectors.search_misses(period=period)
    search_table = Table("search", _("Searches that found nothing"), [_("Search term"), _("Times")],
                         [[m["term"], m["count"]] for m in misses], [None] * len(misses))
    tables = [
        _totals_table(numbers, False),
        _places_table("halls", _("Halls"), halls, hall_numbers, False),
        _places_table("booths", _("Booths (most visited first)"), booths, booth_numbers, False,
                      link=lambda b: f"?{query}&booth={b.slug}"),
        _products_table(products, product_numbers, False),
        _hours_table(hours, False),
        search_table,
    ]
    def top(places, numbers_of, key, shown=lambda n: n):
        ranked = sorted(places, key=lambda p: (-numbers_of[p.id][key], p.id))[:5]
        return [(_name(p), shown(numbers_of[p.id][key])) for p in ranked if numbers_of[p.id][key]]

    leaders = [
        (_("Most visited booths"), top(booths, booth_numbers, "visits")),
        (_("Most chats"), top(booths, booth_numbers, "chats")),
        (_("Highest order value"), top(booths, booth_numbers, "order_value", _money)),
        (_("Most turned 3D models"), top(products, product_numbers, "model_views")),
    ]
    context.update({"numbers": numbers, "chart": _chart(hours, _chart_labels()), "leaders": leaders,
                    "heat_maps": _heat_maps(halls, booths_by_hall, booth_numbers, period)})
    return _respond(request, "analytics/organizer.html", context, tables, fair.slug)


def producer_dashboard(request):
    """A producer's staff's analytics of their own booth (one of them, by ?booth=): numbers under 5 are "< 5"."""
    if not user_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    producer_ids = producers_of(user=request.user)
    if not producer_ids:
        raise PermissionDenied("Only producer staff have booth analytics.")
    booths = selectors.staff_booths(producer_ids=producer_ids)
    if not booths:
        raise Http404("No booth yet.")
    slug = request.GET.get("booth")
    booth = next((b for b in booths if b.slug == slug), None) if slug else booths[0]
    if booth is None:
        raise PermissionDenied("This is not your booth.")
    fair = booth.hall.fair if booth.hall_id else None
    period = _period(request, fair)
    booth_context, tables = _booth_context(booth, period, suppress=True)
    context = {"booths": booths, "fair": fair, "period": period, "suppress": True, **booth_context}
    return _respond(request, "analytics/producer.html", context, tables, booth.slug)
