"""Search: the provinces (as data) and one search document per product and per booth.

A document holds the text a visitor may type to find the row (names apart from the rest, as written and
folded) and the province unit it is in. Everything a filter or a result shows (stars, price, stock,
category, hall, whether the fair is visible) is read from the catalogue itself at query time, so an
order taking stock never touches the search tables.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Province(models.Model):
    """One of Vietnam's 34 provincial units (since the 2025 merger)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", pgettext_lazy("province kind", "Province")
        CITY = "city", _("Centrally governed city")

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROVINCE)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class ProvinceName(models.Model):
    """A name that means a province: its own, or one of the provinces merged into it in 2025."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="names", verbose_name=_("province"))
    name = models.CharField(_("name"), max_length=80)
    key = models.CharField(max_length=80, unique=True, editable=False)  # folded, without "tỉnh"/"thành phố"
    slug = models.SlugField(unique=True)
    is_current = models.BooleanField(_("current name"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province name")
        verbose_name_plural = _("province names")

    def __str__(self):
        return self.name


class SearchDocument(models.Model):
    """What a visitor can type to find one product or one booth (kept current by fair.search.services)."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("Product")
        BOOTH = "booth", _("Booth")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    product = models.OneToOneField("booths.Product", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="search_document")
    booth = models.ForeignKey("booths.Booth", on_delete=models.CASCADE, related_name="search_documents")
    province = models.ForeignKey(Province, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # As written (NFC, lower case) and folded (no marks, đ → d); names rank above everything else.
    names = models.TextField()
    body = models.TextField()
    names_folded = models.TextField()
    body_folded = models.TextField()
    # PostgreSQL only (empty on SQLite, which has its FTS5 tables): the folded text and the text as written,
    # each names 'A' and the rest 'B'.
    vector = SearchVectorField(null=True, editable=False)
    vector_exact = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booth"], condition=models.Q(kind="booth"), name="search_one_booth_document"),
        ]


class SearchTerm(models.Model):
    """A folded word that occurs in some document: the vocabulary typos are corrected against."""

    word = models.CharField(max_length=64, unique=True)
