"""Invitations and account requests in the admin: organizers make producer accounts here."""

from django.contrib import admin, messages

from booths.editor.accounts import access_request_approve, invitation_create, invitation_path
from booths.editor.models import AccessRequest, Invitation
from fair.selectors import user_is_organizer


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Organizers invite a person to a producer's staff; the link is shown once, right after saving."""

    list_display = ("producer", "note", "created_at", "expires_at", "accepted_by", "accepted_at")
    fields = ("producer", "note")
    autocomplete_fields = ("producer",)

    def has_module_permission(self, request):
        return user_is_organizer(request.user)

    has_view_permission = has_add_permission = has_delete_permission = (
        lambda self, request, obj=None: user_is_organizer(request.user))

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        invitation, token = invitation_create(producer=obj.producer, created_by=request.user, note=obj.note)
        obj.pk = invitation.pk
        messages.warning(request, f"Send this link to the person (shown only now): "
                                  f"{request.build_absolute_uri(invitation_path(token))}")


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    """Cooperatives asking for a booth; approving makes the producer, an unplaced booth and an invitation."""

    list_display = ("cooperative", "province", "name", "phone", "status", "created_at")
    list_filter = ("status",)
    readonly_fields = ("name", "cooperative", "province", "phone", "email", "products", "producer", "created_at")
    actions = ["approve"]

    def has_module_permission(self, request):
        return user_is_organizer(request.user)

    has_view_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: user_is_organizer(request.user))

    def has_add_permission(self, request):
        return False

    @admin.action(description="Approve: make the producer, its booth and an invitation link")
    def approve(self, request, queryset):
        for item in queryset:
            _invitation, token = access_request_approve(request_obj=item, organizer=request.user)
            messages.warning(request, f"{item.cooperative}: send this link to {item.name} ({item.phone}), shown only now: "
                                      f"{request.build_absolute_uri(invitation_path(token))}")
