"""Producers' uploads in the admin: what was sent and how processing went (read-only)."""

from django.contrib import admin

from booths.admin import ProducerScopedAdmin
from booths.media.models import MediaUpload


@admin.register(MediaUpload)
class MediaUploadAdmin(ProducerScopedAdmin):
    """What producers sent and how processing went (read-only: the editor starts and retries uploads)."""

    list_display = ("filename", "kind", "producer", "status", "error_code", "created_at")
    list_filter = ("kind", "status")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in MediaUpload._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
