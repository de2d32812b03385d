"""Analytics in a real browser: a visitor's booth visit, model turned, tour step and walk through a hall reach the
server over the sockets; after the worker's rollup the organizers' dashboard draws its chart and heat map."""

import io
import time

from PIL import Image, ImageStat

from tests.e2e.conftest import axe_violations

BOOTH = "/booths/mat-ong-quyet-thang/"
HALL = "/fairs/ocop-2026/halls/tay-nguyen/"


def wait_for_events(page, kinds, seconds=40):
    """The server's analytics buffer is written every 2 s: wait until these kinds of events are in the table."""
    from fair.analytics.models import Event

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = set(Event.objects.filter(kind__in=kinds).values_list("kind", flat=True))
        if found >= set(kinds):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"events never recorded: {set(kinds) - found}")


def test_a_visit_reaches_the_organizers_dashboard(browser, site, errors):
    from fair.analytics import services
    from fair.analytics.models import Event
    from tests.factories import make_user
    from tests.realtime.helpers import user_session

    visitor = browser.new_context(viewport={"width": 412, "height": 915})
    page = visitor.new_page()
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.goto(site + BOOTH)
    page.wait_for_function("window.fairBooth && window.fairBooth.viewers().some(v => v.state === 'shown')", timeout=30000)
    canvas = page.locator(".product-media .viewer-canvas").first
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    page.locator("#tour-3d").wait_for(state="visible", timeout=30000)
    page.locator(".tour-next").click()
    page.goto(site + HALL)  # leaves the booth: its visit ends
    page.wait_for_function("window.fairHall !== undefined", timeout=30000)
    page.evaluate("window.fairHall.ready")
    page.locator('.booth-card[data-booth="kien-cuong"] .jump-3d').click()
    page.wait_for_function("window.fairHall.arrived()", timeout=30000)
    wait_for_events(page, ["enter", "leave", "model", "tour_start", "page", "pos"])
    visitor.close()
    assert not Event.objects.exclude(visitor="").filter(visitor__regex=r"[^0-9a-f]").exists()
    services.rollup_run()

    organizer = browser.new_context(viewport={"width": 1024, "height": 1366})  # a tablet
    organizer.add_cookies([{"name": "sessionid", "value": user_session(make_user(organizer=True)), "url": site},
                           {"name": "django_language", "value": "en", "url": site}])
    page = organizer.new_page()
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.goto(site + "/studio/analytics/?fair=ocop-2026&period=today")
    page.wait_for_function("window.fairAnalytics && window.fairAnalytics.plot", timeout=30000)
    chart = Image.open(io.BytesIO(page.locator("#analytics-chart canvas").first.screenshot())).convert("RGB")
    assert max(ImageStat.Stat(chart).stddev) > 10, "the chart is one flat colour"
    assert page.evaluate("window.fairAnalytics.plot.data[1].reduce((a, b) => a + b, 0)") == 1  # one booth visit
    honey = page.locator("#table-booths tbody tr", has_text="Quyết Thắng")
    cells = honey.locator("td").all_inner_texts()
    assert cells[1] == "1" and cells[4] == "1" and cells[5] == "1"  # visits, 3D model views, tours started
    heat = page.locator("figure.analytics-heat", has_text="Central Highlands")
    assert heat.locator("svg rect").count() >= 1 and heat.locator("svg circle").count() == 4
    assert axe_violations(page) == []
    organizer.close()
    assert errors == []
