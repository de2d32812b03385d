"""Organizers curate fairs and halls, and place booths in halls, here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from booths.admin import RenditionsAdmin
from booths.models import Booth
from fair.models import Fair, Hall

admin.site.site_header = _("OCOP virtual fair: organizers and producers")
admin.site.site_title = _("OCOP virtual fair")


class HallInline(admin.TabularInline):
    model = Hall
    extra = 0
    fields = ("order", "slug", "name_vi", "name_en", "layout")
    show_change_link = True


@admin.register(Fair)
class FairAdmin(admin.ModelAdmin):
    list_display = ("name_vi", "status", "starts_on", "ends_on")
    list_filter = ("status",)
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [HallInline]


class BoothPlacementInline(admin.TabularInline):
    """Which booths stand in this hall, and where (metres from the hall's centre)."""

    model = Booth
    extra = 0
    fields = ("order", "title_vi", "producer", "position_x", "position_z", "rotation")
    readonly_fields = ("title_vi", "producer")
    verbose_name = _("booth placement")
    verbose_name_plural = _("booth placements")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Hall)
class HallAdmin(RenditionsAdmin):
    list_display = ("name_vi", "fair", "order", "layout")
    list_filter = ("fair",)
    inlines = [BoothPlacementInline]
