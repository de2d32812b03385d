"""Search on PostgreSQL: the same golden queries as on SQLite give the same answers, and the planner uses the
GIN indexes of the search vectors (not a scan of every document) once the fair is large."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import F

from booths.models import Product
from booths.services import product_update
from fair.search.models import SearchDocument
from fair.search.selectors import SearchFilters, search, suggestions
from fair.search.services import EXACT_CONFIG, FOLDED_CONFIG
from tests.factories import make_user
from tests.fair.search.golden import golden_fair, golden_results

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_the_golden_queries_give_the_same_answers_as_on_sqlite():
    assert connection.vendor == "postgresql"
    products = golden_fair()
    assert golden_results(products, AnonymousUser()) == []
    assert [s["name"] for s in suggestions(query="mật o", user=AnonymousUser())] == [
        "Mật ong Quyết Thắng", "Mật ong hoa nhãn"]


def test_the_folding_configuration_and_the_immutable_unaccent_are_in_the_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector(%s::regconfig, %s)::text, public.f_unaccent(%s)",
                       [FOLDED_CONFIG, "MẬT ONG Đắk Lắk", "Đường mật"])
        vector, folded = cursor.fetchone()
        cursor.execute("SELECT provolatile FROM pg_proc WHERE proname = 'f_unaccent'")
        volatility = cursor.fetchone()[0]
    assert vector == "'dak':3 'lak':4 'mat':1 'ong':2"  # folded, lower case, not stemmed
    assert folded == "Duong mat" and volatility == "i"


def test_a_change_is_searchable_in_its_own_transaction_only():
    products = golden_fair()
    with pytest.raises(RuntimeError), transaction.atomic():
        product_update(product=products["honey"], user=make_user(organizer=True), name_vi="Mật ong Mèo Vạc")
        assert [p.slug for p in search(query="meo vac", filters=SearchFilters(), user=AnonymousUser()).page] == [
            "mat-ong-hoa-nhan"]
        raise RuntimeError("roll back")
    assert list(search(query="meo vac", filters=SearchFilters(), user=AnonymousUser()).page) == []


def test_explain_shows_the_gin_indexes_used_on_a_large_fair():
    products = golden_fair()
    honey = products["honey"]
    # 20,000 more products, written in bulk (no per-row indexing), then their documents in one statement each.
    Product.objects.bulk_create([
        Product(booth=honey.booth, slug=f"bulk-{n}", name_vi=f"Sản phẩm số {n} hạt tiêu", name_en=f"Product {n}",
                category=Product.Category.NUTS, price_vnd=100_000 + n, unit_vi="gói", stock=n % 7, stars=3 + n % 2,
                certificate_level=Product.Level.PROVINCE, certificate_number=f"B-{n}", certificate_year=2024,
                certificate_authority="UBND", origin="Phú Quốc") for n in range(20_000)])
    SearchDocument.objects.bulk_create([
        SearchDocument(kind="product", product_id=pk, booth_id=honey.booth_id, names=f"sản phẩm số {pk} hạt tiêu",
                       body="phú quốc", names_folded=f"san pham so {pk} hat tieu", body_folded="phu quoc")
        for pk in Product.objects.filter(slug__startswith="bulk-").values_list("pk", flat=True)])
    SearchDocument.objects.filter(vector__isnull=True).update(
        vector=SearchVector(F("names"), config=FOLDED_CONFIG, weight="A") + SearchVector(F("body"), config=FOLDED_CONFIG, weight="B"),
        vector_exact=SearchVector(F("names"), config=EXACT_CONFIG, weight="A") + SearchVector(F("body"), config=EXACT_CONFIG, weight="B"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
        cursor.execute("ANALYZE booths_product")
    results = search(query="mật ong", filters=SearchFilters(), user=AnonymousUser())
    assert [p.slug for p in results.page] == ["mat-ong-hoa-nhan"]
    plan = results.page.paginator.object_list.explain()
    assert "search_document_vector" in plan, plan
    assert "Seq Scan on search_searchdocument" not in plan, plan
