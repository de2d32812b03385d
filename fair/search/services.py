"""Writes of search: keeping each product's and booth's search document current, in the same transaction as
the change to the product, booth or producer (see apps.py for how the catalogue's saves reach here)."""

from django.apps import apps as django_apps
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils import translation

from fair.search.folding import WORD, fold, normalize

FOLDED_CONFIG = "public.vi_folded"  # PostgreSQL text-search configuration: unaccent, no stemming (migration 0003)
EXACT_CONFIG = "simple"  # the text as written, only lower-cased
PROVINCE_PREFIXES = (("thanh", "pho"), ("tinh",), ("tp",))


def province_key(text: str) -> str:
    """How a province's name is compared: folded, without "tỉnh", "thành phố" or "TP" in front."""
    parts = WORD.findall(fold(text))
    for prefix in PROVINCE_PREFIXES:
        if tuple(parts[: len(prefix)]) == prefix and len(parts) > len(prefix):
            parts = parts[len(prefix):]
            break
    return " ".join(parts)


def provinces_ensure(*, apps=django_apps) -> None:
    """The 34 provincial units and every name they are known by (fair/search/provinces.py); adds what is missing,
    changes nothing else. Run by migration 0002 and after every migrate or flush (tests empty the tables)."""
    from django.utils.text import slugify

    from fair.search.provinces import UNITS

    Province, ProvinceName = apps.get_model("search", "Province"), apps.get_model("search", "ProvinceName")
    for name, kind, old_names in UNITS:
        province, _created = Province.objects.get_or_create(slug=slugify(province_key(name)),
                                                            defaults={"name": name, "kind": kind})
        for other, current in [(name, True), *((old, False) for old in old_names)]:
            key = province_key(other)  # spellings with one key ("Bà Rịa–Vũng Tàu", "Bà Rịa - Vũng Tàu"): the first
            ProvinceName.objects.get_or_create(key=key, defaults={
                "province": province, "name": other, "slug": slugify(key), "is_current": current})


def _models(apps):
    return (apps.get_model("search", "SearchDocument"), apps.get_model("search", "SearchTerm"),
            apps.get_model("search", "ProvinceName"))


def _province_texts(place: str, ProvinceName) -> tuple[object | None, list[str]]:
    """The unit a producer's province (old or new name) is part of now, and every name of that unit."""
    found = ProvinceName.objects.filter(key=province_key(place)).select_related("province").first()
    if found is None:
        return None, []
    province = found.province
    return province, [province.name, *ProvinceName.objects.filter(province=province).values_list("name", flat=True)]


def _category_labels(value: str) -> list[str]:
    from booths.models import Product

    try:
        label = Product.Category(value).label
    except ValueError:
        return [value]
    texts = []
    for language in ("vi", "en"):
        with translation.override(language):
            texts.append(str(label))
    return texts


def _join(parts) -> str:
    """The words of these texts, separated by single spaces: both engines then read exactly the words the
    query side reads (PostgreSQL's parser would otherwise take "OCOP-SL-2023-017" apart as "-017", a number)."""
    return " ".join(WORD.findall(normalize(" ".join(p for p in parts if p))))


def product_texts(product, ProvinceName) -> dict:
    """A product's document: its names; then its story, origin, province (old and new names), category,
    certificate, growing area, booth and producer."""
    booth, producer = product.booth, product.booth.producer
    province, province_names = _province_texts(producer.province, ProvinceName)
    names = _join([product.name_vi, product.name_en])
    body = _join([product.story_vi, product.story_en, product.origin, producer.province, producer.district,
                  producer.commune, *province_names, *_category_labels(product.category),
                  product.certificate_number, product.certificate_authority, product.growing_area_code,
                  booth.title_vi, booth.title_en, booth.tagline_vi, booth.tagline_en, producer.name])
    return {"kind": "product", "booth": booth, "province": province, "names": names, "body": body}


def booth_texts(booth, ProvinceName) -> dict:
    """A booth's document: its titles and its producer's name; then taglines, story and place."""
    producer = booth.producer
    province, province_names = _province_texts(producer.province, ProvinceName)
    names = _join([booth.title_vi, booth.title_en, producer.name])
    body = _join([booth.tagline_vi, booth.tagline_en, producer.story_vi, producer.story_en, producer.province,
                  producer.district, producer.commune, *province_names])
    return {"kind": "booth", "province": province, "names": names, "body": body}


def _store(lookup: dict, texts: dict, *, apps) -> None:
    SearchDocument, SearchTerm, _ = _models(apps)
    texts = {**texts, "names_folded": fold(texts["names"]), "body_folded": fold(texts["body"])}
    document, _created = SearchDocument.objects.update_or_create(**lookup, defaults=texts)
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(pk=document.pk).update(
            vector=SearchVector("names", config=FOLDED_CONFIG, weight="A")
            + SearchVector("body", config=FOLDED_CONFIG, weight="B"),
            vector_exact=SearchVector("names", config=EXACT_CONFIG, weight="A")
            + SearchVector("body", config=EXACT_CONFIG, weight="B"),
        )
    vocabulary = {w for w in WORD.findall(texts["names_folded"] + " " + texts["body_folded"]) if len(w) <= 64}
    SearchTerm.objects.bulk_create([SearchTerm(word=w) for w in sorted(vocabulary)], ignore_conflicts=True)


@transaction.atomic
def product_index(*, product, apps=django_apps) -> None:
    """Called when a product is saved: its document follows (a product hidden from visitors keeps one too; the
    selector shows only published products of visible fairs)."""
    ProvinceName = _models(apps)[2]
    _store({"product_id": product.pk}, product_texts(product, ProvinceName), apps=apps)


@transaction.atomic
def booth_index(*, booth, apps=django_apps) -> None:
    """Called when a booth is saved: its own document and its products' (they carry the booth's titles)."""
    ProvinceName = _models(apps)[2]
    _store({"kind": "booth", "booth_id": booth.pk}, booth_texts(booth, ProvinceName), apps=apps)
    for product in booth.products.all():
        product.booth = booth
        product_index(product=product, apps=apps)


@transaction.atomic
def producer_index(*, producer, apps=django_apps) -> None:
    """Called when a producer is saved: its name, story and province are in all its booths' and products' documents."""
    for booth in producer.booths.all():
        booth.producer = producer
        booth_index(booth=booth, apps=apps)


def index_rebuild(*, apps=django_apps) -> int:
    """Every document made again from the catalogue (after a migration, or `manage.py search_rebuild`)."""
    Booth = apps.get_model("booths", "Booth")
    count = 0
    for booth in Booth.objects.select_related("producer"):
        booth_index(booth=booth, apps=apps)
        count += 1
    return count
