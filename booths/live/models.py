"""A producer's livestream from one booth, and the products pinned over it (with their moment, for the replay)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LiveStream(models.Model):
    """One go-live of a booth: starting (the phone is connecting) → live → ended, or interrupted (the media server or
    the phone's connection went away; the producer can go live again, which makes a new stream)."""

    class Status(models.TextChoices):
        STARTING = "starting", _("Starting")
        LIVE = "live", _("Live")
        ENDED = "ended", _("Ended")
        INTERRUPTED = "interrupted", _("Interrupted")

    booth = models.ForeignKey("booths.Booth", on_delete=models.CASCADE, related_name="streams", verbose_name=_("booth"))
    session = models.ForeignKey("booths.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="streams",
                                verbose_name=_("scheduled session"))
    title = models.CharField(_("title"), max_length=160, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.STARTING)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    recording = models.CharField(_("recording"), max_length=300, blank=True)  # the replay's file under MEDIA_ROOT

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("livestream")
        verbose_name_plural = _("livestreams")
        constraints = [
            # At most one stream of a booth is on (starting or live) at a time.
            models.UniqueConstraint(fields=["booth"], condition=models.Q(status__in=["starting", "live"]),
                                    name="live_one_stream_on_per_booth"),
        ]

    def __str__(self):
        return f"{self.booth} · {self.title or self.created_at:%Y-%m-%d %H:%M}"


class LivePin(models.Model):
    """A product the producer pinned over the stream, `offset` seconds after it started (None product: unpinned)."""

    stream = models.ForeignKey(LiveStream, on_delete=models.CASCADE, related_name="pins")
    product = models.ForeignKey("booths.Product", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    offset = models.FloatField(_("seconds into the stream"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["stream", "offset", "id"]
