"""The catalogue in the admin (producers, booths, products, tours, videos) and the scoping every area's admin
shares: organizers see all, producer staff only their own producer's rows."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import FileField
from django.utils.translation import gettext_lazy as _

from booths.models import Booth, DiaryEntry, Hotspot, ProcessTour, Producer, Product, ProductImage, SpinFrame, TourStep, Video
from booths.services import producer_can_act
from fair.admin import RenditionsAdmin
from fair.models import Hall
from fair.selectors import user_is_organizer


def _file_fields(model) -> list[str]:
    return [field.name for field in model._meta.fields if isinstance(field, FileField)]


class OwnChoices:
    """What producer staff may pick in any relation (a foreign key, a many-to-many, an inline's, a raw id, an
    autocomplete): only rows of their own producers. A related model whose admin is producer-scoped offers what
    that admin shows them; any other related model offers nothing (organizers curate those: halls, people)."""

    def get_field_queryset(self, db, db_field, request):
        if user_is_organizer(request.user):
            return super().get_field_queryset(db, db_field, request)
        related = self.admin_site._registry.get(db_field.remote_field.model)
        if isinstance(related, ProducerScopedAdmin):
            return related.get_queryset(request)
        return db_field.remote_field.model._default_manager.none()


class ScopedInline(OwnChoices):
    """An inline of a producer-scoped page: its relations offer only the producer's own rows."""


class MediaThroughEditorInline(ScopedInline):
    """Producer staff send files through the editor's checked pipeline, not here: file fields are
    read-only for them (and no rows of pictures are added), organizers keep full control."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not user_is_organizer(request.user):
            fields += [name for name in _file_fields(self.model) if name not in fields]
        return fields

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and user_is_organizer(request.user)


class ProducerScopedAdmin(OwnChoices, RenditionsAdmin):
    """Limits producer staff to rows of the producers they belong to, and every choice they make to their own
    producers' rows (OwnChoices); organizers see everything."""

    producer_path = "producer"  # how to reach the Producer from this model

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if user_is_organizer(request.user):
            return rows
        return rows.filter(**{f"{self.producer_path}__staff": request.user}).distinct()

    def _producer_of(self, obj):
        for part in self.producer_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or producer_can_act(user=request.user, producer=self._producer_of(obj)))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or producer_can_act(user=request.user, producer=self._producer_of(obj)))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not user_is_organizer(request.user):
            # Files come through the editor's checked pipeline (booths/uploads.py) for producer staff.
            hidden = list(self.organizer_only_fields) + _file_fields(self.model)
            fields += [name for name in hidden if name not in fields]
        return fields

    organizer_only_fields: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change):
        """A last check before writing: the row belongs to one of this person's producers."""
        if not producer_can_act(user=request.user, producer=self._producer_of(obj)):
            raise PermissionDenied("Only this producer's staff and organizers may save its rows.")
        super().save_model(request, obj, form, change)


@admin.register(Producer)
class ProducerAdmin(ProducerScopedAdmin):
    producer_path = ""
    list_display = ("name", "province", "district")
    search_fields = ("name", "province", "district", "commune")
    filter_horizontal = ("staff",)
    organizer_only_fields = ("slug", "staff")

    def _producer_of(self, obj):
        return obj

    def get_queryset(self, request):
        rows = admin.ModelAdmin.get_queryset(self, request)
        return rows if user_is_organizer(request.user) else rows.filter(staff=request.user)


@admin.register(Booth)
class BoothAdmin(ProducerScopedAdmin):
    list_display = ("title_vi", "producer", "hall", "order")
    list_filter = ("hall__fair", "hall")
    search_fields = ("title_vi", "title_en", "producer__name")
    organizer_only_fields = ("producer", "slug", "hall", "position_x", "position_z", "rotation", "order")


class ProductImageInline(MediaThroughEditorInline, admin.TabularInline):
    model = ProductImage
    extra = 0


class SpinFrameInline(MediaThroughEditorInline, admin.TabularInline):
    model = SpinFrame
    extra = 0


class DiaryEntryInline(ScopedInline, admin.TabularInline):
    model = DiaryEntry
    extra = 0


@admin.register(Product)
class ProductAdmin(ProducerScopedAdmin):
    producer_path = "booth__producer"
    list_display = ("name_vi", "booth", "stars", "price_vnd", "stock", "is_published")
    list_filter = ("category", "stars", "certificate_level", "is_published")
    search_fields = ("name_vi", "name_en", "booth__producer__name")
    inlines = [ProductImageInline, SpinFrameInline, DiaryEntryInline]


class TourStepInline(MediaThroughEditorInline, admin.StackedInline):
    model = TourStep
    extra = 0
    show_change_link = True


@admin.register(ProcessTour)
class ProcessTourAdmin(ProducerScopedAdmin):
    producer_path = "booth__producer"
    list_display = ("title_vi", "booth")
    inlines = [TourStepInline]


class HotspotInline(ScopedInline, admin.TabularInline):
    model = Hotspot
    extra = 0


@admin.register(TourStep)
class TourStepAdmin(ProducerScopedAdmin):
    producer_path = "tour__booth__producer"
    list_display = ("title_vi", "tour", "order")
    inlines = [HotspotInline]


class ReadOnlyInline(ScopedInline, admin.TabularInline):
    """Rows that record what happened: shown, never added, changed or deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Video)
class VideoAdmin(ProducerScopedAdmin):
    """Booths' videos: organizers can see and remove any (curation); files come through the editor."""

    producer_path = "booth__producer"
    list_display = ("title_vi", "booth", "product", "content_type")
    readonly_fields = ("file", "content_type")

    def has_add_permission(self, request):
        return False


class BoothPlacementInline(ScopedInline, admin.TabularInline):
    """Which booths stand in this hall, and where (metres from the hall's centre)."""

    model = Booth
    extra = 0
    fields = ("order", "title_vi", "producer", "position_x", "position_z", "rotation")
    readonly_fields = ("title_vi", "producer")
    verbose_name = _("booth placement")
    verbose_name_plural = _("booth placements")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Hall)  # here, not in fair/admin.py: a hall's page in the admin shows the booths placed in it
class HallAdmin(RenditionsAdmin):
    list_display = ("name_vi", "fair", "status", "order", "layout")
    list_filter = ("fair", "status")
    inlines = [BoothPlacementInline]
