"""A producer's file on its way: received in resumable pieces, checked, processed by the worker."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from booths.models import Booth, Producer, Product, TourStep


class MediaUpload(models.Model):
    """A file a producer sends: received in resumable chunks, checked, then processed by the worker.

    A refused file leaves nothing behind (the row and every byte are removed at once);
    a processing step that fails keeps the original and its reason, and can be retried.
    """

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Product photo")
        COVER = "cover", _("Booth cover")
        CERTIFICATE = "certificate", _("Certificate scan")
        MODEL = "model", _("3D model")
        SPIN = "spin", _("360° spin photo")
        PANORAMA = "panorama", _("360° panorama")
        VIDEO = "video", _("Video")

    class Status(models.TextChoices):
        RECEIVING = "receiving", _("Uploading")
        QUEUED = "queued", _("Waiting to be processed")
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, editable=False)
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="uploads")
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="uploads")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, null=True, blank=True, related_name="uploads")
    step = models.ForeignKey(TourStep, on_delete=models.CASCADE, null=True, blank=True, related_name="uploads")
    spin_index = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    filename = models.CharField(max_length=120)  # as the phone named it: shown to the producer, never used as a path
    size = models.PositiveBigIntegerField()  # declared when the upload starts; the file must be exactly this long
    received = models.PositiveBigIntegerField(default=0)
    original = models.CharField(max_length=200, blank=True)  # name in the private storage, once received
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVING)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "booths_mediaupload"  # made in booths/ before this app had its own home; kept so no data moves
        ordering = ["-created_at"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
