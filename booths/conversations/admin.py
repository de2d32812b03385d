"""Conversations and announcements in the admin: read-only, scoped to each producer."""

from django.contrib import admin

from booths.admin import ProducerScopedAdmin, ReadOnlyInline
from booths.conversations.models import Announcement, Conversation, Message


class MessageInline(ReadOnlyInline):
    model = Message
    fields = readonly_fields = ("sender", "author_name", "text", "created_at")


@admin.register(Conversation)
class ConversationAdmin(ProducerScopedAdmin):
    producer_path = "booth__producer"
    list_display = ("__str__", "booth", "last_message_id")
    list_filter = ("booth__hall__fair",)
    readonly_fields = ("booth", "visitor_id", "visitor_name", "producer_read_id", "visitor_read_id")
    exclude = ("last_message_id",)
    inlines = [MessageInline]

    def has_add_permission(self, request):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(ProducerScopedAdmin):
    """What producers told everyone in their booths (read-only: they are sent from the console)."""

    producer_path = "booth__producer"
    list_display = ("text", "booth", "author_name", "created_at")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Announcement._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
