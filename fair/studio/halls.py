"""Fairs and their themed halls, made and published from the studio: the forms and the writes.

A new hall starts as a draft (only organizers see it, in every area: fair.selectors.halls_visible) until it is
published; its environment panorama goes through the producers' checked media pipeline
(booths.media.uploads.hall_environment_set)."""

import zoneinfo

from django import forms
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from booths.media import uploads
from booths.models import Booth, Product
from fair.models import Fair, Hall
from fair.services import booth_corners
from fair.studio.floorplan import GRID, Spot, footprints_overlap

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})


class FairForm(forms.ModelForm):
    class Meta:
        model = Fair
        fields = ["name_vi", "name_en", "slug", "theme_vi", "theme_en", "starts_on", "ends_on", "time_zone", "status"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "theme_vi": forms.Textarea(attrs={"rows": 3}), "theme_en": forms.Textarea(attrs={"rows": 3})}

    def clean_time_zone(self):
        value = self.cleaned_data["time_zone"]
        if value not in TIME_ZONES:
            raise forms.ValidationError(_("Choose a time zone such as Asia/Ho_Chi_Minh."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A fair ends on or after the day it starts."))
        return data


class HallForm(forms.ModelForm):
    environment_file = forms.FileField(
        label=_("Environment panorama"), required=False,
        help_text=_("A 360° picture (JPEG, PNG or WebP, twice as wide as high, at most 40 MB) seen around the hall."),
        widget=forms.ClearableFileInput(attrs={"accept": uploads.accept("panorama")}))
    rule_category = forms.ChoiceField(label=_("product category"), required=False,
                                      choices=[("", _("Any category"))] + list(Product.Category.choices))

    class Meta:
        model = Hall
        fields = ["name_vi", "name_en", "slug", "description_vi", "description_en", "order", "layout",
                  "colour_primary", "colour_accent", "colour_floor", "floor_width", "floor_depth",
                  "rule_category", "rule_province", "rule_min_stars"]
        widgets = {"colour_primary": forms.TextInput(attrs={"type": "color"}),
                   "colour_accent": forms.TextInput(attrs={"type": "color"}),
                   "colour_floor": forms.TextInput(attrs={"type": "color"}),
                   "description_vi": forms.Textarea(attrs={"rows": 3}), "description_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, fair: Fair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fair = fair

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = Hall.objects.filter(fair=self.fair, slug=slug).exclude(pk=self.instance.pk).exists()
        if taken:
            raise forms.ValidationError(_("Another hall of this fair already has this address."))
        return slug


def fair_create(*, form: FairForm) -> Fair:
    return form.save()


@transaction.atomic
def hall_save(*, form: HallForm) -> Hall:
    """Create (as a draft) or change a hall; a new environment panorama is checked and processed first, so a
    refused picture changes nothing (``UploadRefused`` goes back to the form)."""
    hall = form.save(commit=False)
    if hall.pk is None:
        hall.fair = form.fair
        hall.status = Hall.Status.DRAFT
    hall.save()
    picture = form.cleaned_data.get("environment_file")
    if picture:
        uploads.hall_environment_set(hall=hall, file=picture)
    return hall


def hall_publish(*, hall: Hall, published: bool) -> Hall:
    hall.status = Hall.Status.PUBLISHED if published else Hall.Status.DRAFT
    hall.save(update_fields=["status"])  # saved, so cached pages showing the fair are dropped (fair.cache)
    return hall


def fair_status_set(*, fair: Fair, status: str) -> Fair:
    fair.status = Fair.Status(status)
    fair.save(update_fields=["status"])
    return fair


def hall_rule_q(hall: Hall) -> Q:
    """Booths whose products fit the hall's rule (category, province, minimum stars); no rule: every booth."""
    q = Q()
    if hall.rule_category:
        q &= Q(products__category=hall.rule_category)
    if hall.rule_min_stars:
        q &= Q(products__stars__gte=hall.rule_min_stars)
    if hall.rule_province:
        q &= Q(producer__province__iexact=hall.rule_province)
    return q


def hall_candidates(*, hall: Hall, limit: int = 200) -> list[Booth]:
    """Booths that fit the hall's rule and stand in no hall of this fair yet: what the organizer may bring in."""
    return list(Booth.objects.filter(hall_rule_q(hall)).exclude(hall__fair=hall.fair).select_related("producer", "hall")
                .distinct().order_by("producer__province", "title_vi")[:limit])


def free_spot(*, hall: Hall, taken: list[Spot]) -> tuple[float, float] | None:
    """The first place on the floor, front rows first, where a booth facing the entrance overlaps nobody."""
    half_w, half_d = hall.floor_width / 2, hall.floor_depth / 2
    step = GRID * 4
    z = half_d - 2
    while z >= -half_d + 1.5:
        x = -half_w + 2
        while x <= half_w - 2:
            spot = Spot("", x, z, 0.0)
            inside = all(abs(cx) <= half_w and abs(cz) <= half_d for cx, cz in booth_corners(x, z, 0.0))
            if inside and not any(footprints_overlap(spot, other) for other in taken):
                return x, z
            x += step
        z -= step
    return None


@transaction.atomic
def hall_booths_add(*, hall: Hall, booth_ids, user) -> tuple[int, int]:
    """Place these booths (fitting the rule, in no hall of this fair) in the hall, each on a free spot of the
    floor. Returns (placed, left out because the floor is full)."""
    booths = list(Booth.objects.filter(hall_rule_q(hall), pk__in=booth_ids).exclude(hall__fair=hall.fair).distinct())
    taken = [Spot(b.slug, b.position_x, b.position_z, b.rotation) for b in Booth.objects.filter(hall=hall)]
    placed = 0
    for booth in booths:
        spot = free_spot(hall=hall, taken=taken)
        if spot is None:
            break
        booth.hall, (booth.position_x, booth.position_z), booth.rotation = hall, spot, 0.0
        booth.save(update_fields=["hall", "position_x", "position_z", "rotation"])
        taken.append(Spot(booth.slug, spot[0], spot[1], 0.0))
        placed += 1
    if placed:
        _plan_changed(hall, user)
    return placed, len(booths) - placed


def hall_booth_remove(*, hall: Hall, booth_id: int, user) -> bool:
    removed = Booth.objects.filter(hall=hall, pk=booth_id).first()
    if removed is None:
        return False
    removed.hall = None
    removed.save(update_fields=["hall"])
    _plan_changed(hall, user)
    return True


def _plan_changed(hall: Hall, user) -> None:
    """Booths came or went: the plan's version moves on, so an editor opened before must reload."""
    Hall.objects.filter(pk=hall.pk).update(layout_version=F("layout_version") + 1, layout_changed_by=user,
                                           layout_changed_at=timezone.now())
