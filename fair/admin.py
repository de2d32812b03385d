"""Organizers curate fairs here; halls, with the booths standing in them, are in booths/admin.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from fair.models import Fair, Hall
from fair.pictures import renditions_ensure

admin.site.site_header = _("OCOP virtual fair: organizers and producers")
admin.site.site_title = _("OCOP virtual fair")


class RenditionsAdmin(admin.ModelAdmin):
    """Pictures saved here (and in inlines) get the smaller copies pages link to (fair.pictures)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        renditions_ensure(obj)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects + [changed for changed, _fields in formset.changed_objects]:
            renditions_ensure(obj)


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
