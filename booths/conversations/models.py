"""Conversations between visitors and a booth's producer, and producers' announcements to a booth."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from booths.models import Booth


class Conversation(models.Model):
    """A visitor's conversation with a booth's producer: one per (booth, visitor)."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("booth"))
    visitor_id = models.CharField(_("visitor"), max_length=32)
    visitor_name = models.CharField(_("visitor's name"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_message_id = models.BigIntegerField(_("last message"), default=0)
    producer_read_id = models.BigIntegerField(default=0)  # the producer has read up to this message
    visitor_read_id = models.BigIntegerField(default=0)  # the visitor has read up to this message

    class Meta:
        db_table = "booths_conversation"  # made in booths/ before this app had its own home; kept so no data moves
        ordering = ["-last_message_id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [models.UniqueConstraint(fields=["booth", "visitor_id"], name="conversation_one_per_visitor_and_booth")]

    def __str__(self):
        return f"{self.visitor_name or self.visitor_id[:8]} · {self.booth}"


class Message(models.Model):
    """A chat message, stored before it is sent on; its id is the server id clients resume from."""

    class Sender(models.TextChoices):
        VISITOR = "visitor", _("Visitor")
        PRODUCER = "producer", _("Producer")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=10, choices=Sender.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    author_name = models.CharField(max_length=60, blank=True)
    client_id = models.CharField(max_length=64)
    text = models.TextField()
    prev_id = models.BigIntegerField(default=0)  # the message before this one in its conversation (gap detection)
    created_at = models.DateTimeField(auto_now_add=True)
    # Hidden by a moderator (an organizer, or the booth's own staff): kept for the log, shown to nobody.
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("why hidden"), max_length=200, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")

    class Meta:
        db_table = "booths_message"  # made in booths/ before this app had its own home; kept so no data moves
        ordering = ["id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [models.UniqueConstraint(fields=["conversation", "client_id"], name="message_client_id_unique")]


class Announcement(models.Model):
    """A producer's message to everyone in the booth (a livestream sale, a new batch): stored first,
    numbered per booth (`prev_id`) so visitors who missed one resume."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="announcements", verbose_name=_("booth"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    author_name = models.CharField(max_length=60, blank=True)
    client_id = models.CharField(max_length=64)
    text = models.TextField()
    prev_id = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "booths_announcement"  # made in booths/ before this app had its own home; kept so no data moves
        ordering = ["id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [models.UniqueConstraint(fields=["booth", "client_id"], name="announcement_client_id_unique")]


class Mute(models.Model):
    """A visitor (by their visitor id, never their address) may not write in one booth, or in a whole fair, until
    `until`. Lifting it early keeps the row (the log says who and why)."""

    class Scope(models.TextChoices):
        BOOTH = "booth", _("This booth")
        FAIR = "fair", _("The whole fair")

    visitor_id = models.CharField(_("visitor"), max_length=32, db_index=True)
    visitor_name = models.CharField(_("visitor's name"), max_length=60, blank=True)
    scope = models.CharField(_("where"), max_length=5, choices=Scope.choices)
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                              verbose_name=_("booth"))
    fair = models.ForeignKey("fair.Fair", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("fair"))
    reason = models.CharField(_("reason"), max_length=200)
    until = models.DateTimeField(_("until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mute")
        verbose_name_plural = _("mutes")
        constraints = [models.CheckConstraint(
            condition=(models.Q(scope="booth", booth__isnull=False) | models.Q(scope="fair", fair__isnull=False)),
            name="mute_names_its_booth_or_fair")]


class ModerationAction(models.Model):
    """One line of the moderation log: who did what, when and why. Never edited or deleted."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hid a message")
        UNHIDE = "unhide", _("Showed a message again")
        MUTE = "mute", _("Muted a visitor")
        UNMUTE = "unmute", _("Lifted a mute")

    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField(_("by"), max_length=150)
    actor_role = models.CharField(_("as"), max_length=12)  # "organizer" or "producer"
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    mute = models.ForeignKey(Mute, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    booth = models.ForeignKey(Booth, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    visitor_id = models.CharField(_("visitor"), max_length=32, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
