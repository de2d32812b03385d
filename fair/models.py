"""Fairs and their themed halls. Which booth stands where lives on the booth (booths.Booth)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #a0522d."))


class Fair(models.Model):
    """A fair: a curated event with themed halls, visible to visitors once published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    theme_vi = models.TextField(_("theme (Vietnamese)"), blank=True)
    theme_en = models.TextField(_("theme (English)"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("fair")
        verbose_name_plural = _("fairs")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="fair_ends_after_start"),
        ]

    def __str__(self):
        return self.name_vi


class Hall(models.Model):
    """A themed hall of a fair; booths stand in it where the organizer placed them."""

    class Layout(models.TextChoices):
        GRID = "grid", _("Grid of aisles")
        RING = "ring", _("Ring around a centre")
        AISLE = "aisle", _("One long aisle")

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="halls", verbose_name=_("fair"))
    slug = models.SlugField()
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    layout = models.CharField(_("layout"), max_length=8, choices=Layout.choices, default=Layout.GRID)
    colour_primary = models.CharField(_("primary colour"), max_length=7, default="#7a4a21", validators=[colour])
    colour_accent = models.CharField(_("accent colour"), max_length=7, default="#e0a526", validators=[colour])
    colour_floor = models.CharField(_("floor colour"), max_length=7, default="#d9c7a7", validators=[colour])
    environment = models.ImageField(
        _("environment panorama"), upload_to="halls/", blank=True,
        help_text=_("An equirectangular (2:1) panorama seen around the hall."),
    )

    class Meta:
        ordering = ["fair", "order", "id"]
        verbose_name = _("hall")
        verbose_name_plural = _("halls")
        constraints = [models.UniqueConstraint(fields=["fair", "slug"], name="hall_slug_unique_in_fair")]

    def __str__(self):
        return self.name_vi
