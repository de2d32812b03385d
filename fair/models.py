"""Fairs and their themed halls. Which booth stands where lives on the booth (booths.Booth)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
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
    time_zone = models.CharField(_("time zone"), max_length=40, default="Asia/Ho_Chi_Minh",
                                 help_text=_("Sessions of the schedule are shown in this time zone."))

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

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="halls", verbose_name=_("fair"))
    slug = models.SlugField()
    # A hall made in the studio starts as a draft: only organizers see it until it is published (with its fair).
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED)
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
    # The floor, centred on (0, 0): booths stand entirely inside it (fair.layout).
    floor_width = models.FloatField(_("floor width (m)"), default=40, validators=[MinValueValidator(8), MaxValueValidator(400)])
    floor_depth = models.FloatField(_("floor depth (m)"), default=40, validators=[MinValueValidator(8), MaxValueValidator(400)])
    # The hall's theme as a rule: which producers belong here (each part optional).
    rule_category = models.CharField(_("product category"), max_length=16, blank=True)
    rule_province = models.CharField(_("province"), max_length=80, blank=True)
    rule_min_stars = models.PositiveSmallIntegerField(_("at least this many OCOP stars"), null=True, blank=True,
                                                      validators=[MinValueValidator(3), MaxValueValidator(5)])
    # The floor plan's version: every save checks it (no silent overwrite) and moves it on.
    layout_version = models.PositiveIntegerField(default=0, editable=False)
    layout_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="+", editable=False)
    layout_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["fair", "order", "id"]
        verbose_name = _("hall")
        verbose_name_plural = _("halls")
        constraints = [models.UniqueConstraint(fields=["fair", "slug"], name="hall_slug_unique_in_fair")]

    def __str__(self):
        return self.name_vi


class HallLayout(models.Model):
    """A saved floor plan of a hall: where each of its booths stood. Restoring one saves it again as a new version."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="layouts")
    number = models.PositiveIntegerField()
    # [{"booth": id, "slug": …, "x": m, "z": m, "rotation": degrees}, …]
    positions = models.JSONField(default=list)
    note = models.CharField(max_length=160, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hall", "-number"]
        verbose_name = _("floor plan version")
        verbose_name_plural = _("floor plan versions")
        constraints = [models.UniqueConstraint(fields=["hall", "number"], name="hall_layout_number_unique")]
