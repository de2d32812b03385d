"""Search on the embedded database (SQLite FTS5): the golden queries, facets, suggestions, the search text kept
current in the same transaction as the catalogue's changes, the provinces, and the pages."""

import unicodedata

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse

from booths.models import Product
from booths.services import booth_update, product_update
from fair.search.folding import fold, words
from fair.search.models import Province, ProvinceName
from fair.search.provinces import UNITS
from fair.search.selectors import SearchFilters, search, suggestions
from tests.factories import make_user
from tests.fair.search.golden import GOLDEN, LONG, golden_fair, golden_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def products():
    return golden_fair()


def names(results) -> list[str]:
    return [p.name_vi for p in results.page]


def test_golden_queries_give_the_expected_results_in_order(products):
    assert len(LONG) == 500
    assert golden_results(products, AnonymousUser()) == [], "golden queries answered differently"
    assert len(GOLDEN) >= 40


def test_folding_treats_marks_case_nfd_and_d_stroke_alike():
    assert fold("Mật Ong") == fold("MẬT ONG") == fold(unicodedata.normalize("NFD", "Mật ong")) == "mật ong".replace("ậ", "a")
    assert fold("Đắk Lắk") == "dak lak" and fold("đường") == "duong"
    assert words('"mat" * NEAR(ong) -x:y') == ["mat", "near", "ong", "x", "y"]


def test_facets_count_each_choice_for_the_current_query_and_the_other_filters(products):
    results = search(query="", filters=SearchFilters.from_params(QueryDict("province=son-la")), user=AnonymousUser())
    facets = results.facets
    assert {c["value"]: c["count"] for c in facets["stars"]} == {5: 0, 4: 2, 3: 2}
    # The province facet ignores the province filter itself, so other provinces stay offered with their counts.
    assert {c["label"]: c["count"] for c in facets["province"]} == {"Sơn La": 4, "Lâm Đồng": 1, "Đắk Lắk": 1}
    assert [c["chosen"] for c in facets["province"] if c["label"] == "Sơn La"] == [True]
    assert facets["in_stock"]["count"] == 3
    assert {c["value"]: c["count"] for c in facets["price"]} == {
        "0-100000": 2, "100000-200000": 1, "200000-500000": 1, "500000-": 0}
    assert {c["value"] for c in facets["category"]} == {"honey", "handicraft", "coffee", "tea"}


def test_booths_and_producers_are_found_too(products):
    found = search(query="quyet thang", filters=SearchFilters(), user=AnonymousUser())
    assert {b.slug for b in found.booths} == {"mat-ong-quyet-thang", "do-tre-quyet-thang"}
    assert [b.slug for b in search(query="mat ong", filters=SearchFilters(), user=AnonymousUser()).booths] == [
        "mat-ong-quyet-thang"]


def test_suggestions_complete_the_last_word_and_put_marked_words_first(products):
    found = suggestions(query="mật o", user=AnonymousUser())
    assert [s["name"] for s in found] == ["Mật ong Quyết Thắng", "Mật ong hoa nhãn"]
    assert found[1]["url"] == reverse("booths:product", args=["mat-ong-hoa-nhan"])
    completed = [s["name"] for s in suggestions(query="ca p", user=AnonymousUser()) if s["kind"] == "product"]
    assert sorted(completed[:2]) == ["Cà phê bột Sơn La", "Trà vỏ cà phê"]  # both words in their names
    assert suggestions(query='"*', user=AnonymousUser()) == []
    assert suggestions(query="bac h", user=AnonymousUser()) == []  # a draft fair's product


def test_a_change_is_searchable_in_the_same_transaction_and_gone_with_its_rollback(products):
    honey = products["honey"]
    organizer = make_user(organizer=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        product_update(product=honey, user=organizer, name_vi="Mật ong bạc hà Mèo Vạc")
        assert names(search(query="meo vac", filters=SearchFilters(), user=AnonymousUser())) == ["Mật ong bạc hà Mèo Vạc"]
        raise RuntimeError("roll back")
    assert names(search(query="meo vac", filters=SearchFilters(), user=AnonymousUser())) == []
    assert names(search(query="hoa nhan", filters=SearchFilters(), user=AnonymousUser())) == ["Mật ong hoa nhãn"]


def test_booth_and_producer_changes_reach_their_products_documents(products):
    honey = Product.objects.select_related("booth__producer").get(pk=products["honey"].pk)
    booth_update(booth=honey.booth, user=make_user(organizer=True), title_vi="Gian Ong Rừng Pắc Ngòi")
    assert names(search(query="pac ngoi", filters=SearchFilters(), user=AnonymousUser())) == ["Mật ong hoa nhãn"]
    producer = honey.booth.producer
    producer.province = "Hà Giang"  # an old province: now part of Tuyên Quang
    producer.save()
    for query in ("ha giang", "tuyen quang"):
        assert names(search(query=query, filters=SearchFilters(), user=AnonymousUser())) == [
            "Mật ong hoa nhãn", "Mắt kính tre"] or sorted(names(search(
                query=query, filters=SearchFilters(), user=AnonymousUser()))) == ["Mật ong hoa nhãn", "Mắt kính tre"]
    by_province = search(query="", filters=SearchFilters.from_params(QueryDict("province=ha-giang")), user=AnonymousUser())
    assert sorted(names(by_province)) == ["Mật ong hoa nhãn", "Mắt kính tre"]
    products["glasses"].delete()
    assert names(search(query="kinh tre", filters=SearchFilters(), user=AnonymousUser())) == []


def test_the_34_provinces_and_every_old_name_are_loaded():
    assert Province.objects.count() == 34 == len(UNITS)
    merged = {"Hà Giang": "Tuyên Quang", "Yên Bái": "Lào Cai", "Bắc Kạn": "Thái Nguyên", "Vĩnh Phúc": "Phú Thọ",
              "Hòa Bình": "Phú Thọ", "Bắc Giang": "Bắc Ninh", "Thái Bình": "Hưng Yên", "Hải Dương": "Hải Phòng",
              "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình", "Quảng Bình": "Quảng Trị", "Quảng Nam": "Đà Nẵng",
              "Kon Tum": "Quảng Ngãi", "Bình Định": "Gia Lai", "Ninh Thuận": "Khánh Hòa", "Đắk Nông": "Lâm Đồng",
              "Bình Thuận": "Lâm Đồng", "Phú Yên": "Đắk Lắk", "Bình Dương": "TP Hồ Chí Minh",
              "Bà Rịa–Vũng Tàu": "TP Hồ Chí Minh", "Bình Phước": "Đồng Nai", "Long An": "Tây Ninh",
              "Sóc Trăng": "Cần Thơ", "Hậu Giang": "Cần Thơ", "Bến Tre": "Vĩnh Long", "Trà Vinh": "Vĩnh Long",
              "Tiền Giang": "Đồng Tháp", "Bạc Liêu": "Cà Mau", "Kiên Giang": "An Giang", "Thừa Thiên Huế": "Huế"}
    found = dict(ProvinceName.objects.filter(name__in=merged).values_list("name", "province__name"))
    assert found == merged
    unchanged = ["Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
                 "Hà Tĩnh", "Cao Bằng"]
    assert set(unchanged) <= set(Province.objects.values_list("name", flat=True))


def test_the_search_page_works_without_javascript_in_both_languages(client, products):
    page = client.get(reverse("search:search"), {"q": "mat ong", "in_stock": "1"}).content.decode()
    assert "Mật ong hoa nhãn" in page and "Mắt kính tre" not in page
    assert "250.000\u00a0₫" in page and "HTX Quyết Thắng" in page and "Khu đặc sản" in page
    assert f'{reverse("booths:hall", args=[products["honey"].booth.hall.fair.slug, "khu-dac-san"])}?booth=mat-ong-quyet-thang' in page
    assert reverse("booths:booth", args=["mat-ong-quyet-thang"]) in page
    assert 'value="1" checked' in page  # the filter stays chosen (it is in the URL)
    client.get(reverse("fair:language", args=["en"]))
    english = client.get(reverse("search:search"), {"q": "mat ong"}).content.decode()
    assert "Show in the 3D hall" in english and "Longan flower honey" in english
    client.get(reverse("fair:language", args=["vi"]))
    vietnamese = client.get(reverse("search:search"), {"q": "mat ong"}).content.decode()
    assert "Xem trong khu 3D" in vietnamese


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "-", ":", "(", "')", "x" * 500, "", "%", "\\", "\x00"])
def test_operator_characters_and_odd_queries_are_text_never_an_error(client, products, query):
    assert client.get(reverse("search:search"), {"q": query, "page": "99999999"}).status_code == 200
    response = client.get(reverse("search:suggest"), {"q": query})
    assert response.status_code == 200 and isinstance(response.json()["suggestions"], list)


def test_every_page_has_the_search_box(client, products):
    for url in (reverse("fair:home"), reverse("booths:booth", args=["mat-ong-quyet-thang"])):
        page = client.get(url).content.decode()
        assert 'role="search"' in page and f'action="{reverse("search:search")}"' in page
