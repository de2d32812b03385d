"""Reads of search: one selector for SQLite (FTS5) and PostgreSQL (full-text search with django.contrib.postgres).

A query is cut into words (every other character separates words, so nothing a visitor types is ever read as
query syntax); each word matches its folded form, or a word of the vocabulary one typo away when the folded
form occurs nowhere. Results that contain the words typed with marks exactly as typed come first, then those
with every word in their names, then the engine's rank (names weigh more than stories), then stars. Only
products visitors may see are searched: published, in a booth of a visible fair (fair.selectors).
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from booths.models import Booth, Product
from fair.search.folding import fold, has_marks, one_edit, words
from fair.search.models import Province, ProvinceName, SearchDocument, SearchTerm
from fair.search.services import EXACT_CONFIG, FOLDED_CONFIG
from fair.selectors import booth_visible_q
from fair.text import localized

PAGE_SIZE = 20
TYPO_MIN_LENGTH = 4  # shorter syllables (mat, mai, man…) are each other's one-typo neighbours: no guessing
TYPO_MAX_LENGTH = 20  # longer "words" are codes or noise; a 20-letter word has ~1,500 one-typo neighbours to look up
STARS = (5, 4, 3)
# (key, lowest price, highest price not included) in VND, as the price facet offers them.
PRICE_RANGES = (
    ("0-100000", 0, 100_000, _("under 100,000 ₫")),
    ("100000-200000", 100_000, 200_000, _("100,000 – 200,000 ₫")),
    ("200000-500000", 200_000, 500_000, _("200,000 – 500,000 ₫")),
    ("500000-", 500_000, None, _("500,000 ₫ and more")),
)
FTS_FOLDED, FTS_EXACT = "search_fts", "search_fts_exact"  # SQLite FTS5 tables (migration 0003)


@dataclass
class SearchFilters:
    """What the visitor narrowed the results to; every field is a URL parameter."""

    stars: list[int] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)  # ProvinceName slugs: a current or an old name
    categories: list[str] = field(default_factory=list)
    price: str = ""
    in_stock: bool = False

    @classmethod
    def from_params(cls, params) -> "SearchFilters":
        """The filters of a query string (unknown values are ignored, never an error)."""
        categories = set(Product.Category.values)
        prices = {key for key, *_ in PRICE_RANGES}
        return cls(
            stars=sorted({int(s) for s in params.getlist("stars") if s in ("3", "4", "5")}, reverse=True),
            provinces=sorted({p for p in params.getlist("province") if p and len(p) <= 60}),
            categories=sorted({c for c in params.getlist("category") if c in categories}),
            price=params.get("price", "") if params.get("price", "") in prices else "",
            in_stock=params.get("in_stock") == "1",
        )

    @property
    def active(self) -> bool:
        return bool(self.stars or self.provinces or self.categories or self.price or self.in_stock)


@dataclass
class Terms:
    """A query as the engines read it: per word, the folded forms that match it; the words typed with marks."""

    folded: list[list[str]]
    exact: list[str]
    prefix: bool = False  # the last word may be a beginning (suggestions while typing)

    def __bool__(self):
        return bool(self.folded)


def query_terms(query: str, *, prefix: bool = False) -> Terms:
    """The words of a query, each with its typo corrections when its folded form occurs in no document."""
    typed = words(query or "")
    folded = [fold(w) for w in typed]
    known = set(SearchTerm.objects.filter(word__in=folded).values_list("word", flat=True))
    alternatives = []
    for index, word in enumerate(folded):
        last = prefix and index == len(folded) - 1
        if word in known or last or not TYPO_MIN_LENGTH <= len(word) <= TYPO_MAX_LENGTH:
            alternatives.append([word])
            continue
        near = sorted(SearchTerm.objects.filter(word__in=one_edit(word)).values_list("word", flat=True))
        alternatives.append(near or [word])
    exact = [w for i, w in enumerate(typed) if has_marks(w) and not (prefix and i == len(typed) - 1)]
    return Terms(folded=alternatives, exact=exact, prefix=prefix)


# --- the two engines: filter a queryset to the documents matching the terms, annotate `exact` and `score` ---

def _fts_expression(terms: Terms) -> str:
    """An FTS5 query made only of double-quoted words (letters and digits): AND of (word OR its corrections)."""
    groups = []
    for index, alternatives in enumerate(terms.folded):
        star = "*" if terms.prefix and index == len(terms.folded) - 1 else ""
        groups.append("(" + " OR ".join(f'"{w}"{star}' for w in alternatives) + ")")
    return " AND ".join(groups)


def _tsquery_text(alternatives_per_word: list[list[str]], prefix: bool, weight: str = "") -> str:
    """A tsquery made only of single-quoted words (letters and digits): AND of (word OR its corrections)."""
    groups = []
    for index, alternatives in enumerate(alternatives_per_word):
        star = "*" if prefix and index == len(alternatives_per_word) - 1 else ""
        label = f":{star}{weight}" if star or weight else ""
        groups.append("(" + " | ".join(f"'{w}'{label}" for w in alternatives) + ")")
    return " & ".join(groups)


def _match(rows: QuerySet, terms: Terms, *, path: str) -> QuerySet:
    """`rows` (products, or booth documents) matching the terms, with `exact` (1 when every word typed with
    marks is in the text as typed), `in_names` (1 when every word is in the names) and `score` (the engine's
    rank, higher is better). `path` leads from a row to its document."""
    document = f"{path}__" if path else ""
    if connection.vendor == "postgresql":
        folded = SearchQuery(_tsquery_text(terms.folded, terms.prefix), config=FOLDED_CONFIG, search_type="raw")
        in_names = SearchQuery(_tsquery_text(terms.folded, terms.prefix, "A"), config=FOLDED_CONFIG, search_type="raw")
        rows = rows.filter(**{f"{document}vector": folded}).annotate(
            score=SearchRank(F(f"{document}vector"), folded, weights=[0.0, 0.0, 0.1, 1.0]),
            in_names=Case(When(**{f"{document}vector": in_names}, then=Value(1)), default=Value(0),
                          output_field=IntegerField()))
        if terms.exact:
            exact = SearchQuery(_tsquery_text([[w] for w in terms.exact], False), config=EXACT_CONFIG,
                                search_type="raw")
            return rows.annotate(exact=Case(When(**{f"{document}vector_exact": exact}, then=Value(1)),
                                            default=Value(0), output_field=IntegerField()))
        return rows.annotate(exact=Value(0, output_field=IntegerField()))
    # SQLite: the FTS5 tables hold the documents' rowids; bm25 with names weighing 10 and the rest 1.
    id_column = f"{document}id" if document else "id"
    found = RawSQL(f"SELECT rowid FROM {FTS_FOLDED} WHERE {FTS_FOLDED} MATCH %s", [_fts_expression(terms)])
    rows = rows.filter(**{f"{id_column}__in": found})
    table = SearchDocument._meta.db_table
    rank = RawSQL(f"SELECT -bm25({FTS_FOLDED}, 10.0, 1.0) FROM {FTS_FOLDED} "
                  f"WHERE {FTS_FOLDED} MATCH %s AND rowid = {table}.id", [_fts_expression(terms)])
    names_only = RawSQL(f"SELECT rowid FROM {FTS_FOLDED} WHERE {FTS_FOLDED} MATCH %s",
                        ["names_folded : (" + _fts_expression(terms) + ")"])
    rows = rows.annotate(score=rank, in_names=Case(When(**{f"{id_column}__in": names_only}, then=Value(1)),
                                                   default=Value(0), output_field=IntegerField()))
    if terms.exact:
        exact_ids = RawSQL(f"SELECT rowid FROM {FTS_EXACT} WHERE {FTS_EXACT} MATCH %s",
                           [" AND ".join(f'"{w}"' for w in terms.exact)])
        return rows.annotate(exact=Case(When(**{f"{id_column}__in": exact_ids}, then=Value(1)),
                                        default=Value(0), output_field=IntegerField()))
    return rows.annotate(exact=Value(0, output_field=IntegerField()))


# --- products, booths, facets ---

def products_visible(*, user) -> QuerySet[Product]:
    """Products a visitor may find: shown by their producer, in a booth of a fair this person may see."""
    return Product.objects.filter(is_published=True, booth__in=Booth.objects.filter(booth_visible_q(user=user)))


def _province_ids(slugs: list[str]) -> list[int]:
    return list(ProvinceName.objects.filter(slug__in=slugs).values_list("province_id", flat=True).distinct())


def _filtered(rows: QuerySet, filters: SearchFilters, *, skip: str = "") -> QuerySet:
    if filters.stars and skip != "stars":
        rows = rows.filter(stars__in=filters.stars)
    if filters.provinces and skip != "province":
        rows = rows.filter(search_document__province_id__in=_province_ids(filters.provinces))
    if filters.categories and skip != "category":
        rows = rows.filter(category__in=filters.categories)
    if filters.price and skip != "price":
        low, high = next((low, high) for key, low, high, _label in PRICE_RANGES if key == filters.price)
        rows = rows.filter(price_vnd__gte=low, **({"price_vnd__lt": high} if high else {}))
    if filters.in_stock and skip != "in_stock":
        rows = rows.filter(stock__gt=0)
    return rows


@dataclass
class SearchResults:
    query: str
    terms: Terms
    filters: SearchFilters
    page: object  # a Paginator page of products
    total: int
    booths: list
    facets: dict


def _facets(matched: QuerySet, filters: SearchFilters) -> dict:
    """Each filter's choices with how many results each would give, the other filters applied."""
    stars = dict(_filtered(matched, filters, skip="stars").order_by().values_list("stars").annotate(n=Count("id")))
    categories = dict(_filtered(matched, filters, skip="category").order_by()
                      .values_list("category").annotate(n=Count("id")))
    provinces = dict(_filtered(matched, filters, skip="province").order_by()
                     .values_list("search_document__province_id").annotate(n=Count("id")))
    prices = _filtered(matched, filters, skip="price").aggregate(**{
        key: Count("id", filter=Q(price_vnd__gte=low, **({"price_vnd__lt": high} if high else {})))
        for key, low, high, _label in PRICE_RANGES})
    in_stock = _filtered(matched, filters, skip="in_stock").filter(stock__gt=0).count()
    chosen_provinces = set(_province_ids(filters.provinces))
    return {
        "stars": [{"value": s, "count": stars.get(s, 0), "chosen": s in filters.stars} for s in STARS],
        "category": [{"value": value, "label": label, "count": categories[value], "chosen": value in filters.categories}
                     for value, label in Product.Category.choices if categories.get(value) or value in filters.categories],
        "province": [{"value": p.slug, "label": p.name, "count": provinces.get(p.id, 0), "chosen": p.id in chosen_provinces}
                     for p in Province.objects.filter(id__in=set(provinces) | chosen_provinces)],
        "price": [{"value": key, "label": label, "count": prices[key], "chosen": key == filters.price}
                  for key, _low, _high, label in PRICE_RANGES],
        "in_stock": {"count": in_stock, "chosen": filters.in_stock},
    }


def search(*, query: str, filters: SearchFilters, user, page: int = 1, booth_limit: int = 4) -> SearchResults:
    """Products (a page of them, best first) and booths matching a query and filters, with the facets' counts."""
    terms = query_terms(query)
    rows = products_visible(user=user)
    if terms:
        rows = _match(rows, terms, path="search_document")
        order = ["-exact", "-in_names", "-score", "-stars", "name_vi", "id"]
    else:
        order = ["-stars", "name_vi", "id"]
    facets = _facets(rows, filters)
    results = (_filtered(rows, filters, skip="").order_by(*order)
               .select_related("booth", "booth__producer", "booth__hall", "booth__hall__fair")
               .prefetch_related("images"))
    paginator = Paginator(results, PAGE_SIZE)
    booths = []
    if terms:
        documents = SearchDocument.objects.filter(
            kind="booth", booth__in=Booth.objects.filter(booth_visible_q(user=user)))
        if filters.provinces:
            documents = documents.filter(province_id__in=_province_ids(filters.provinces))
        booths = [d.booth for d in _match(documents, terms, path="").order_by("-exact", "-in_names", "-score", "booth__title_vi")
                  .select_related("booth", "booth__producer", "booth__hall", "booth__hall__fair")[:booth_limit]]
    return SearchResults(query=query, terms=terms, filters=filters, page=paginator.get_page(page),
                         total=paginator.count, booths=booths, facets=facets)


def suggestions(*, query: str, user, limit: int = 6) -> list[dict]:
    """What the search box offers while a visitor types: booths and products whose words begin as typed."""
    terms = query_terms(query, prefix=True)
    if not terms:
        return []
    booths = (_match(SearchDocument.objects.filter(kind="booth", booth__in=Booth.objects.filter(
        booth_visible_q(user=user))), terms, path="").order_by("-exact", "-in_names", "-score", "booth__title_vi")
        .select_related("booth", "booth__producer")[:2])
    products = (_match(products_visible(user=user), terms, path="search_document")
                .order_by("-exact", "-in_names", "-score", "-stars", "name_vi", "id")
                .select_related("booth", "booth__producer")[: limit - len(booths)])
    found = [{"kind": "booth", "name": localized(d.booth, "title"), "detail": d.booth.producer.name,
              "url": reverse("booths:booth", args=[d.booth.slug])} for d in booths]
    found += [{"kind": "product", "name": localized(p, "name"), "detail": p.booth.producer.name,
               "url": reverse("booths:product", args=[p.slug])} for p in products]
    return found
