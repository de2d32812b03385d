"""The search stage of `make bench` (`python bench/run.py --only search`): search latency with 50,000 products
against the same searches with 500, and how many suggestion requests are in flight while a visitor types.

The 500 products of the small fair carry the words the searches look for (honey, coffee, tea, cashews… from
every province); the 49,500 added for the large fair are other products (handicrafts, dried meat, pickles), so
each search finds about as many products in both: what grows is everything the database must *not* read. A
search that scanned the documents would grow with them; one that uses the GIN indexes does not.
"""

import random
import statistics
import time

SEARCHES = ["mat ong", "mật ong rừng", "ca phe son la", "hat dieu binh phuoc", "che thai nguyen", "mat onng",
            "tieu phu quoc", "OCOP-T-0417"]
FILTERED = [("mat ong", "stars=4&in_stock=1"), ("ca phe", "province=lam-dong")]
WANTED = [("Mật ong hoa nhãn", "honey"), ("Mật ong rừng", "honey"), ("Cà phê bột", "coffee"), ("Cà phê hạt rang", "coffee"),
          ("Hạt điều rang muối", "nuts"), ("Chè Shan tuyết", "tea"), ("Chè búp", "tea"), ("Tiêu đen", "nuts"),
          ("Trà vỏ cà phê", "tea"), ("Mắc ca sấy", "nuts")]
# Their categories' labels (handicrafts, smoked and dried meat, pickles) hold none of the searched words either.
OTHER = [(name, category) for name, category in (
    ("Nón lá", "handicraft"), ("Chiếu cói", "handicraft"), ("Gốm men lam", "handicraft"), ("Lụa tơ tằm", "handicraft"),
    ("Giỏ mây tre", "handicraft"), ("Tranh thêu", "handicraft"), ("Hương trầm", "handicraft"), ("Khô cá lóc", "meat"),
    ("Lạp xưởng", "meat"), ("Thịt trâu gác bếp", "meat"), ("Muối tôm", "pickles"), ("Dưa cải muối", "pickles"),
    ("Cà pháo muối", "pickles"), ("Măng ớt", "pickles"))]


def _fair(label: str):
    from booths.models import Booth, Producer
    from fair.models import Fair, Hall
    from fair.search.provinces import UNITS

    fair, _ = Fair.objects.get_or_create(slug=f"bench-search-{label}", defaults={
        "name_vi": "Hội chợ đo tìm kiếm", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "status": "open"})
    hall, _ = Hall.objects.get_or_create(fair=fair, slug="khu", defaults={"name_vi": "Khu đo"})
    booths = []
    for index, (province, _kind, old) in enumerate(UNITS):
        producer, _ = Producer.objects.get_or_create(slug=f"bench-{label}-{index}", defaults={
            "name": f"HTX {province} số {index}", "province": (old or [province])[0]})
        booth, _ = Booth.objects.get_or_create(slug=f"bench-{label}-{index}", defaults={
            "producer": producer, "hall": hall, "title_vi": f"Gian {province}"})
        booths.append(booth)
    return booths


def _products(booths, count: int, names, start: int, seed: int):
    """`count` products written in bulk, then their search documents (as the services write them, in bulk)."""
    from django.contrib.postgres.search import SearchVector
    from django.db.models import F

    from booths.models import Product
    from fair.search import services
    from fair.search.folding import WORD, fold
    from fair.search.models import ProvinceName, SearchDocument, SearchTerm

    rng = random.Random(seed)
    made = []
    for n in range(start, start + count):
        booth = booths[n % len(booths)]
        stars = rng.choice([3, 3, 4, 4, 5])
        name, category = rng.choice(names)
        made.append(Product(booth=booth, slug=f"bench-p-{n}", name_vi=f"{name} {booth.producer.province}", category=category,
                            price_vnd=rng.randrange(30, 900) * 1000, unit_vi="gói", stock=rng.randrange(0, 40),
                            stars=stars, certificate_level="national" if stars == 5 else "province",
                            certificate_number=f"OCOP-T-{n:04d}", certificate_year=2024,
                            certificate_authority="UBND tỉnh", origin=booth.producer.province,
                            story_vi="Sản phẩm của hợp tác xã, làm theo cách truyền thống."))
    for chunk in range(0, len(made), 5000):
        Product.objects.bulk_create(made[chunk:chunk + 5000])
    products = Product.objects.filter(slug__startswith="bench-p-", search_document__isnull=True).select_related(
        "booth__producer")
    documents, words = [], set()
    for product in products.iterator(chunk_size=2000):
        texts = services.product_texts(product, ProvinceName)
        texts.pop("booth")
        texts.update(names_folded=fold(texts["names"]), body_folded=fold(texts["body"]))
        words.update(WORD.findall(texts["names_folded"] + " " + texts["body_folded"]))
        documents.append(SearchDocument(product=product, booth_id=product.booth_id, **texts))
    SearchDocument.objects.bulk_create(documents, batch_size=5000)
    SearchTerm.objects.bulk_create([SearchTerm(word=w) for w in words if len(w) <= 64], ignore_conflicts=True)
    SearchDocument.objects.filter(vector__isnull=True).update(
        vector=SearchVector(F("names"), config=services.FOLDED_CONFIG, weight="A")
        + SearchVector(F("body"), config=services.FOLDED_CONFIG, weight="B"),
        vector_exact=SearchVector(F("names"), config=services.EXACT_CONFIG, weight="A")
        + SearchVector(F("body"), config=services.EXACT_CONFIG, weight="B"))


def _latencies(client, reps: int) -> list[float]:
    urls = [f"/search/?q={q}" for q in SEARCHES] + [f"/search/?q={q}&{params}" for q, params in FILTERED]
    for url in urls:
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(reps):
        for url in urls:
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
    return timings


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency(sizes) -> dict:
    """p50/p95 of the search page (query, facets, booths, the page rendered) at 500 and at 50,000 products."""
    from django.db import connection
    from django.test import Client

    from booths.models import Product

    small, large = (500, 50_000) if not sizes.get("smoke") else (50, 500)
    reps = 10 if not sizes.get("smoke") else 2
    Product.objects.filter(slug__startswith="bench-p-").delete()
    booths = _fair("s")
    _products(booths, small, WANTED, 0, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    small_ms = _latencies(client, reps)
    _products(booths, large - small, OTHER, small, 2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    large_ms = _latencies(client, reps)
    with connection.cursor() as cursor:
        from fair.search.selectors import SearchFilters, search

        plan = search(query="mat ong", filters=SearchFilters(), user=None).page.paginator.object_list.explain()
    return {"small": small, "large": large, "small_ms": small_ms, "large_ms": large_ms,
            "small_p50": statistics.median(small_ms), "small_p95": percentile(small_ms, 0.95),
            "large_p50": statistics.median(large_ms), "large_p95": percentile(large_ms, 0.95),
            "uses_index": "search_document_vector" in plan and "Seq Scan on search_searchdocument" not in plan}


def in_flight(base_url: str) -> dict:
    """A visitor types 10 characters into the search box at three speeds; the most suggestion requests ever in
    flight at once, and how many were sent (a real Chromium, the page's own code)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, _chromium

    found = {}
    with sync_playwright() as playwright:
        executable = _chromium()
        browser = playwright.chromium.launch(headless=True, args=CHROMIUM_ARGS,
                                             **({"executable_path": executable} if executable else {}))
        try:
            for delay in (40, 120, 250):  # ms between keys: a fast thumb, a slow one, one letter per debounce
                context = browser.new_context(extra_http_headers={"Save-Data": "on"})
                page = context.new_page()
                page.goto(base_url + "/search/")
                box = page.locator("#site-search-q")
                box.focus()
                page.wait_for_function("window.fairSearch !== undefined")
                box.press_sequentially("ca phe son", delay=delay)
                page.wait_for_function("document.querySelector('#site-search-suggestions li') !== null", timeout=15000)
                found[delay] = {"max_in_flight": page.evaluate("window.fairSearch.maxInFlight()"),
                                "requests": page.evaluate("window.fairSearch.requests()")}
                context.close()
        finally:
            browser.close()
    return found
