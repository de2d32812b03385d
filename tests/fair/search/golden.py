"""The golden queries: a small fair whose products differ in exactly what each query tests, and the results each
query must give, in order. Run on SQLite (test_search.py) and on PostgreSQL (tests/services/test_search_postgres.py)."""

import unicodedata

from django.http import QueryDict

from booths.models import Producer, Product
from fair.models import Fair
from fair.search.selectors import SearchFilters, search
from tests.factories import make_booth, make_fair, make_hall, make_product


def product(booth, slug, name_vi, **fields):
    defaults = dict(name_en="", story_vi="", story_en="", origin="Việt Nam", certificate_number=f"CN-{slug}",
                    certificate_authority="UBND", stock=5, stars=3, price_vnd=120_000, category=Product.Category.FRUIT)
    if fields.get("stars") == 5:
        defaults["certificate_level"] = Product.Level.NATIONAL
    return make_product(booth=booth, slug=slug, name_vi=name_vi, **{**defaults, **fields})


def golden_fair() -> dict:
    """Six visible products, and two that must never be found (a draft fair's, an unpublished one)."""
    hall = make_hall(fair=make_fair(), slug="khu-dac-san", name_vi="Khu đặc sản", name_en="Specialties hall")
    quyet_thang = Producer.objects.create(slug="htx-quyet-thang", name="HTX Quyết Thắng", province="Sơn La",
                                          story_vi="Nuôi ong dưới tán rừng nhãn.")
    honey_booth = make_booth(hall=hall, producer=quyet_thang, slug="mat-ong-quyet-thang", title_vi="Mật ong Quyết Thắng",
                             title_en="Quyet Thang honey")
    bamboo_booth = make_booth(hall=hall, producer=quyet_thang, slug="do-tre-quyet-thang", title_vi="Đồ tre Quyết Thắng",
                              title_en="Quyet Thang bamboo")
    coffee = Producer.objects.create(slug="htx-chieng-ban", name="HTX Chiềng Ban", province="Sơn La")
    coffee_booth = make_booth(hall=hall, producer=coffee, slug="ca-phe-chieng-ban", title_vi="Cà phê Chiềng Ban")
    cashew = Producer.objects.create(slug="htx-dieu-xanh", name="HTX Điều Xanh", province="Đắk Nông")
    cashew_booth = make_booth(hall=hall, producer=cashew, slug="dieu-xanh", title_vi="Điều Xanh")
    tuna = Producer.objects.create(slug="htx-bien-xanh", name="HTX Biển Xanh", province="Tỉnh Phú Yên")
    tuna_booth = make_booth(hall=hall, producer=tuna, slug="bien-xanh", title_vi="Biển Xanh")
    products = {
        "honey": product(honey_booth, "mat-ong-hoa-nhan", "Mật ong hoa nhãn", name_en="Longan flower honey",
                         category=Product.Category.HONEY, stars=4, price_vnd=250_000, stock=10,
                         certificate_number="OCOP-SL-2023-017", story_vi="Ong hút mật hoa nhãn Sông Mã."),
        "glasses": product(bamboo_booth, "mat-kinh-tre", "Mắt kính tre", name_en="Bamboo glasses",
                           category=Product.Category.HANDICRAFT, price_vnd=90_000, stock=0),
        "coffee": product(coffee_booth, "ca-phe-bot", "Cà phê bột Sơn La", name_en="Son La ground coffee",
                          category=Product.Category.COFFEE, stars=4, price_vnd=180_000,
                          origin="Chiềng Ban, Mai Sơn"),
        "cashew": product(cashew_booth, "hat-dieu-rang-muoi", "Hạt điều rang muối", name_en="Salted cashews",
                          category=Product.Category.NUTS, price_vnd=150_000, stock=3, story_vi="Điều vườn nhà."),
        "tuna": product(tuna_booth, "ca-ngu-kho", "Cá ngừ đại dương khô", name_en="Dried ocean tuna",
                        category=Product.Category.MEAT, stars=5, price_vnd=600_000, stock=2),
        "tea": product(coffee_booth, "tra-vo-ca-phe", "Trà vỏ cà phê", name_en="Coffee cherry tea",
                       category=Product.Category.TEA, price_vnd=60_000, stock=7),
    }
    draft_hall = make_hall(fair=make_fair(status=Fair.Status.DRAFT))
    product(make_booth(hall=draft_hall, slug="bac-ha"), "mat-ong-bac-ha", "Mật ong bạc hà",
            category=Product.Category.HONEY)
    product(honey_booth, "mat-ong-chua-ban", "Mật ong chưa bán", is_published=False)
    return products


NFD = unicodedata.normalize("NFD", "Mật ong")
LONG = ("mật ong " * 63)[:500]  # 500 characters: read as its first words

# (query, filters as a query string, expected product keys, whether their order is part of the answer)
GOLDEN = [
    ("mat ong", "", ["honey"], True),
    ("Mật Ong", "", ["honey"], True),
    ("MẬT ONG", "", ["honey"], True),
    (NFD, "", ["honey"], True),
    ("mật", "", ["honey", "glasses"], True),  # typed with marks: the exact word first
    ("mắt", "", ["glasses", "honey"], True),
    ("mat", "", ["honey", "glasses"], False),
    ("mat onng", "", ["honey"], True),  # one typo
    ("quyett thangg", "", ["honey", "glasses"], False),  # a typo in each word
    ("mat ongg hoa nhan", "", ["honey"], True),
    ("caa phe", "", [], True),  # words shorter than 4 letters are not guessed at (mat, mai, man… are all real)
    ("ca phe son la", "", ["coffee", "tea"], True),  # names above the rest: "Sơn La" is in the coffee's name
    ("ca phe", "", ["coffee", "tea"], False),
    ("dien bien ca phe", "", [], True),
    ("đắk nông", "", ["cashew"], True),  # the producer's old province
    ("DAK NONG", "", ["cashew"], True),
    ("lam dong", "", ["cashew"], True),  # the unit Đắk Nông is part of since 2025
    ("phu yen", "", ["tuna"], True),
    ("dak lak", "", ["tuna"], True),
    ("OCOP-SL-2023-017", "", ["honey"], True),  # certificate number
    ("quyet thang", "", ["honey", "glasses"], False),  # producer
    ("honey", "", ["honey"], True),  # name in English, category in English
    ("chieng ban", "", ["coffee", "tea"], True),  # origin in the coffee's own text above the booth's name
    ("bac ha", "", [], True),  # a draft fair's product
    ("chua ban", "", [], True),  # an unpublished product
    # filters, alone and combined (no query: best stars first, then by name)
    ("", "stars=4", ["coffee", "honey"], True),
    ("", "stars=4&stars=5", ["tuna", "coffee", "honey"], True),
    ("", "province=son-la&in_stock=1", ["coffee", "honey", "tea"], False),
    ("", "province=dak-nong", ["cashew"], True),  # filtered by the old name
    ("", "province=lam-dong", ["cashew"], True),  # and by the new unit
    ("", "price=500000-", ["tuna"], True),
    ("", "price=0-100000", ["glasses", "tea"], False),
    ("", "category=nuts&stars=3", ["cashew"], True),
    ("mat", "in_stock=1", ["honey"], True),
    ("ca phe", "category=tea", ["tea"], True),
    ("", "stars=9&category=nothing&price=1-2&in_stock=yes", ["tuna", "coffee", "honey", "cashew", "glasses", "tea"], False),
    # what the engines read as syntax is only text here
    ('"', "", ["tuna", "coffee", "honey", "cashew", "glasses", "tea"], False),
    ("*", "", ["tuna", "coffee", "honey", "cashew", "glasses", "tea"], False),
    ('"mat ong', "", ["honey"], True),
    ("mat*", "", ["honey", "glasses"], False),
    ("NEAR(mat ong)", "", [], True),
    ("mat -ong", "", ["honey"], True),
    ("names:mat ong", "", [], True),
    ("(mat OR ong) AND NOT", "", [], True),
    ("mat' ong; DROP TABLE booths_product; --", "", [], True),
    ("mat & ong | !:* <->", "", ["honey"], True),
    ("", "", ["tuna", "coffee", "honey", "cashew", "glasses", "tea"], False),
    ("   ", "", ["tuna", "coffee", "honey", "cashew", "glasses", "tea"], False),
    (LONG, "", ["honey"], True),
    ("x" * 500, "", [], True),
]


def golden_results(products: dict, anonymous) -> list[tuple]:
    """(query, filters, expected, found) for every golden query whose answer differs from the expected one."""
    by_id = {p.id: key for key, p in products.items()}
    wrong = []
    for query, params, expected, ordered in GOLDEN:
        found_page = search(query=query, filters=SearchFilters.from_params(QueryDict(params)), user=anonymous).page
        found = [by_id.get(p.id, p.slug) for p in found_page]
        if (found if ordered else sorted(found)) != (expected if ordered else sorted(expected)):
            wrong.append((query[:40], params, expected, found))
    return wrong
