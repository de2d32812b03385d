"""Search in a real browser: suggestions while typing (one request in flight, keyboard), the page without
JavaScript, and "show in the 3D hall" walking to the booth and lighting it up."""

from tests.e2e.conftest import axe_violations


def test_suggestions_follow_typing_with_one_request_in_flight_and_work_by_keyboard(browser, site):
    context = browser.new_context(extra_http_headers={"Save-Data": "on"}, locale="vi-VN")  # light: the same box
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(site + "/")
        box = page.locator("#site-search-q")
        box.focus()
        page.wait_for_function("window.fairSearch !== undefined")  # loaded on first focus
        box.press_sequentially("mat ong", delay=200)  # about one debounce apart: each letter may send one
        listbox = page.locator("#site-search-suggestions")
        listbox.locator("[role=option]", has_text="Mật ong hoa nhãn").wait_for()
        assert box.get_attribute("aria-expanded") == "true"
        assert page.evaluate("window.fairSearch.maxInFlight()") == 1
        assert page.evaluate("window.fairSearch.requests()") >= 2
        assert axe_violations(page) == []
        page.keyboard.press("ArrowDown")
        first = listbox.locator("[role=option]").first
        assert first.get_attribute("aria-selected") == "true"
        assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
        href = first.get_attribute("data-url")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{href}")
        assert errors == []
    finally:
        context.close()


def test_the_search_page_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(site + "/")
        page.locator("#site-search-q").fill("CA PHE son la")
        page.locator("form.site-search button[type=submit]").click()
        page.wait_for_url("**/search/?q=CA+PHE+son+la")
        first = page.locator(".search-result h3").first.inner_text()
        assert "Cà phê" in first
        page.locator("details.search-filters summary").click()
        page.locator("input[name=stars][value='5']").check()
        page.locator("form.search-page button[type=submit]").last.click()
        page.wait_for_url("**stars=5**")  # a shareable address: the query and the filter are in it
        assert "q=CA+PHE+son+la" in page.url
        assert page.locator("input[name=stars][value='5']").is_checked()
    finally:
        context.close()


def test_show_in_the_3d_hall_walks_to_the_booth_and_lights_it(page, site, errors):
    page.goto(site + "/search/?q=ca+cao+ea+kar")
    link = page.locator(".search-result .show-in-hall").first
    assert "?booth=htx-cacao-ea-kar" in link.get_attribute("href")
    link.click()
    page.wait_for_url("**/halls/tay-nguyen/?booth=htx-cacao-ea-kar")
    page.wait_for_function("window.fairHall !== undefined", timeout=30000)
    page.evaluate("window.fairHall.ready")
    assert page.evaluate("window.fairHall.highlighted()") == "htx-cacao-ea-kar"
    page.wait_for_function("window.fairHall.arrived()", timeout=30000)  # the visitor walked there
    spot = page.evaluate("window.fairHall.screenPosition('htx-cacao-ea-kar')")
    assert spot["visible"]
    assert errors == []


def test_show_in_the_hall_on_the_light_hall_brings_the_booth_into_view(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site + "/mode/light/?next=/")  # the visitor chose light mode (remembered in a cookie)
        page.goto(site + "/fairs/ocop-2026/halls/tay-nguyen/?booth=htx-cacao-ea-kar")
        page.wait_for_url("**/halls/tay-nguyen/#booth-htx-cacao-ea-kar")  # sent to the booth's card
        assert page.evaluate("document.documentElement.dataset.mode") == "light"
        assert page.evaluate("document.querySelector(':target')?.dataset.booth") == "htx-cacao-ea-kar"  # marked
        page.wait_for_function("(() => { const r = document.querySelector(':target').getBoundingClientRect();"
                               " return r.top >= 0 && r.top < innerHeight; })()")  # scrolled into view
    finally:
        context.close()
