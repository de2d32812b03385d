"""How people become producer staff: organizers' invitations and cooperatives' requests for a booth."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from booths.models import Producer


class Invitation(models.Model):
    """An organizer's invitation for a person to join a producer's staff: a link used once, before it expires."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("producer"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    note = models.CharField(_("for whom"), max_length=120, blank=True, help_text=_("Name or phone, to recognise it later."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        db_table = "booths_invitation"  # made in booths/ before this app had its own home; kept so no data moves
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.producer} · {self.note or self.created_at:%Y-%m-%d}"


class AccessRequest(models.Model):
    """A cooperative asking for a booth: an organizer approves it (which makes the producer and an invitation)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    name = models.CharField(_("your name"), max_length=120)
    cooperative = models.CharField(_("cooperative or household business"), max_length=160)
    province = models.CharField(_("province"), max_length=80)
    phone = models.CharField(_("phone"), max_length=32)
    email = models.EmailField(_("email"), blank=True)
    products = models.TextField(_("your OCOP products"), max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    producer = models.ForeignKey(Producer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "booths_accessrequest"  # made in booths/ before this app had its own home; kept so no data moves
        ordering = ["-created_at"]
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")

    def __str__(self):
        return f"{self.cooperative} ({self.province})"
