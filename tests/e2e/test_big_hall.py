"""A hall of 100 booths in a real browser: every booth is in the scene, a frame draws a bounded number of calls
(instanced bodies, detail for the nearest booths only), and a visitor walks to the farthest booth and enters it."""

from tests.e2e.test_hall import open_hall

BIG = "/fairs/ocop-toan-quoc-2026/halls/khu-01/"
SMALL = "/fairs/ocop-2026/halls/tay-nguyen/"  # the demo's hall of 4 booths


def test_a_hall_of_100_booths_draws_boundedly_is_walkable_and_enters_a_far_booth(page, site, errors):
    from booths.demo.big import big_fair_load
    from booths.demo.loader import LoadReport

    big_fair_load(booths=100, per_hall=100, report=LoadReport())
    open_hall(page, site, SMALL)
    page.wait_for_function("window.fairHall.settled()")
    small_calls = page.evaluate("window.fairHall.drawCalls()")

    open_hall(page, site, BIG)
    page.wait_for_function("window.fairHall.settled()")
    assert len(page.evaluate("window.fairHall.booths()")) == 100
    near = page.evaluate("window.fairHall.near()")
    assert len(near) == 12  # signs, covers and products for the 12 nearest booths only
    big_calls = page.evaluate("window.fairHall.drawCalls()")
    # Bounded by the detail of 12 booths, not by the 100 booths (drawn one by one they would take 900 calls).
    assert big_calls <= 3 * small_calls + 40, (big_calls, small_calls)

    # Walk to the farthest booth from the entrance: it comes near (its sign and product drawn), and it can be entered.
    from booths.models import Booth

    here = page.evaluate("window.fairHall.position()")
    far = max(Booth.objects.filter(hall__slug="khu-01"),
              key=lambda booth: (booth.position_x - here["x"]) ** 2 + (booth.position_z - here["z"]) ** 2).slug
    assert far not in near
    page.evaluate(f"window.fairHall.flyTo('{far}')")
    page.wait_for_function("window.fairHall.arrived() && window.fairHall.settled()")
    assert far in page.evaluate("window.fairHall.near()")
    assert page.evaluate("window.fairHall.drawCalls()") <= 3 * small_calls + 40
    spot = page.evaluate(f"window.fairHall.screenPosition('{far}')")
    assert spot["visible"]
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_url(f"**/booths/{far}/")
    assert errors == []
