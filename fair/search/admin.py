"""Provinces in the admin: organizers may add a spelling of a province's name (what a certificate says)."""

from django.contrib import admin

from fair.search.models import Province, ProvinceName
from fair.search.services import province_key


class ProvinceNameInline(admin.TabularInline):
    model = ProvinceName
    extra = 0
    fields = ("name", "slug", "is_current")


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    search_fields = ("name", "names__name")
    inlines = [ProvinceNameInline]

    def save_formset(self, request, form, formset, change):
        for name in formset.save(commit=False):
            name.key = province_key(name.name)
            name.save()
        for gone in formset.deleted_objects:
            gone.delete()
