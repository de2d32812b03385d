"""Producers, their booths and products: OCOP certificates, traceability and media."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Producer(models.Model):
    """A cooperative or household that makes OCOP products; its staff act only for it."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=160)
    province = models.CharField(_("province"), max_length=80)
    district = models.CharField(_("district"), max_length=80, blank=True)
    commune = models.CharField(_("commune"), max_length=80, blank=True)
    story_vi = models.TextField(_("story (Vietnamese)"), blank=True)
    story_en = models.TextField(_("story (English)"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    bank_name = models.CharField(_("bank"), max_length=80, blank=True)
    bank_account_number = models.CharField(_("bank account number"), max_length=40, blank=True)
    bank_account_name = models.CharField(_("account holder"), max_length=120, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="producers", verbose_name=_("staff"),
        help_text=_("People who may edit this producer's booth and answer its visitors."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")

    def __str__(self):
        return self.name

    @property
    def place(self) -> str:
        """Commune, district, province: where the producer is, as an address reads."""
        return ", ".join(part for part in (self.commune, self.district, self.province) if part)


class Booth(models.Model):
    """A producer's stand, placed by the organizer in a hall at (x, z) facing a direction."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="booths", verbose_name=_("producer"))
    slug = models.SlugField(unique=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    tagline_vi = models.CharField(_("tagline (Vietnamese)"), max_length=240, blank=True)
    tagline_en = models.CharField(_("tagline (English)"), max_length=240, blank=True)
    cover = models.ImageField(_("cover image"), upload_to="booths/", blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    hall = models.ForeignKey(
        "fair.Hall", on_delete=models.SET_NULL, null=True, blank=True, related_name="booths", verbose_name=_("hall"),
    )
    # Placement in the hall, in metres from the hall's centre, and the facing in degrees.
    position_x = models.FloatField(_("position x (m)"), default=0)
    position_z = models.FloatField(_("position z (m)"), default=0)
    rotation = models.FloatField(_("facing (degrees)"), default=0)
    order = models.PositiveIntegerField(_("order in the hall"), default=0)
    last_announcement_id = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("booth")
        verbose_name_plural = _("booths")

    def __str__(self):
        return self.title_vi


class Product(models.Model):
    """An OCOP product shown in a booth, with its certificate, origin, price and stock."""

    class Category(models.TextChoices):
        COFFEE = "coffee", _("Coffee and cocoa")
        TEA = "tea", _("Tea and herbs")
        HONEY = "honey", _("Honey")
        FRUIT = "fruit", _("Fruit and dried fruit")
        NUTS = "nuts", _("Nuts")
        PICKLES = "pickles", _("Pickles and preserved food")
        MEAT = "meat", _("Smoked and dried meat")
        HANDICRAFT = "handicraft", _("Handicrafts")

    class Level(models.TextChoices):
        DISTRICT = "district", _("District")
        PROVINCE = "province", _("Province")
        NATIONAL = "national", _("National")

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="products", verbose_name=_("booth"))
    slug = models.SlugField(unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    story_vi = models.TextField(_("story (Vietnamese)"), blank=True)
    story_en = models.TextField(_("story (English)"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    price_vnd = models.PositiveBigIntegerField(_("price (VND)"))
    unit_vi = models.CharField(_("unit (Vietnamese)"), max_length=40)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    stock = models.PositiveIntegerField(_("stock"), default=0)
    stars = models.PositiveSmallIntegerField(
        _("OCOP stars"), validators=[MinValueValidator(3), MaxValueValidator(5)],
    )
    certificate_level = models.CharField(_("certificate level"), max_length=10, choices=Level.choices)
    certificate_number = models.CharField(_("certificate number"), max_length=60)
    certificate_year = models.PositiveSmallIntegerField(_("certificate year"))
    certificate_authority = models.CharField(_("issued by"), max_length=160)
    origin = models.CharField(_("origin"), max_length=200)
    growing_area_code = models.CharField(_("growing-area code"), max_length=60, blank=True)
    model_glb = models.FileField(_("3D model (GLB)"), upload_to="models/", blank=True)
    model_poster = models.ImageField(
        _("3D model poster"), upload_to="models/", blank=True,
        help_text=_("A picture of the model, shown before (or instead of) the 3D view on slow connections."),
    )
    certificate_scan = models.ImageField(_("certificate scan"), upload_to="certificates/", blank=True)
    order = models.PositiveIntegerField(_("order in the booth"), default=0)
    is_published = models.BooleanField(_("shown to visitors"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="product_stock_not_negative"),
            models.CheckConstraint(condition=models.Q(stars__gte=3, stars__lte=5), name="product_stars_3_to_5"),
            models.CheckConstraint(
                condition=~models.Q(stars=5) | models.Q(certificate_level="national"),
                name="product_five_stars_are_national",
            ),
        ]

    def __str__(self):
        return self.name_vi

    @property
    def sold_out(self) -> bool:
        return self.stock == 0


class ProductImage(models.Model):
    """A photo of a product, in the order the producer chose; the first is the cover."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product"))
    image = models.ImageField(_("image"), upload_to="products/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_vi = models.CharField(_("description (Vietnamese)"), max_length=200)
    alt_en = models.CharField(_("description (English)"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("product image")
        verbose_name_plural = _("product images")


class SpinFrame(models.Model):
    """One photo of a 360° spin: frames taken around the product, in order."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="spin_frames")
    image = models.ImageField(_("image"), upload_to="spins/")
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("360° spin frame")
        verbose_name_plural = _("360° spin frames")
        constraints = [models.UniqueConstraint(fields=["product", "order"], name="spin_frame_order_unique")]


class DiaryEntry(models.Model):
    """A farm-diary line: what was done on the growing area, with which inputs."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="diary", verbose_name=_("product"))
    date = models.DateField(_("date"))
    activity_vi = models.CharField(_("activity (Vietnamese)"), max_length=200)
    activity_en = models.CharField(_("activity (English)"), max_length=200, blank=True)
    inputs = models.CharField(_("inputs used"), max_length=200, blank=True)
    area_code = models.CharField(_("growing-area code"), max_length=60, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("farm diary entry")
        verbose_name_plural = _("farm diary entries")


class ProcessTour(models.Model):
    """The 360° tour of how a booth's products are made: ordered steps."""

    booth = models.OneToOneField(Booth, on_delete=models.CASCADE, related_name="tour", verbose_name=_("booth"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("production-process tour")
        verbose_name_plural = _("production-process tours")

    def __str__(self):
        return self.title_vi


class TourStep(models.Model):
    """One step of a process tour: a panorama to look around in, with narration."""

    tour = models.ForeignKey(ProcessTour, on_delete=models.CASCADE, related_name="steps", verbose_name=_("tour"))
    order = models.PositiveIntegerField(_("order"))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    narration_vi = models.TextField(_("narration (Vietnamese)"), blank=True)
    narration_en = models.TextField(_("narration (English)"), blank=True)
    panorama = models.ImageField(
        _("panorama"), upload_to="panoramas/", width_field="panorama_width", height_field="panorama_height",
        help_text=_("Equirectangular, twice as wide as high."),
    )
    panorama_width = models.PositiveIntegerField(editable=False, default=0)
    panorama_height = models.PositiveIntegerField(editable=False, default=0)

    class Meta:
        ordering = ["tour", "order"]
        verbose_name = _("tour step")
        verbose_name_plural = _("tour steps")
        constraints = [models.UniqueConstraint(fields=["tour", "order"], name="tour_step_order_unique")]

    def __str__(self):
        return self.title_vi


class Hotspot(models.Model):
    """A point in a tour step's panorama (yaw, pitch in degrees) that opens a short text."""

    step = models.ForeignKey(TourStep, on_delete=models.CASCADE, related_name="hotspots", verbose_name=_("step"))
    yaw = models.FloatField(_("yaw (degrees)"), validators=[MinValueValidator(-180), MaxValueValidator(180)])
    pitch = models.FloatField(_("pitch (degrees)"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    label_vi = models.CharField(_("label (Vietnamese)"), max_length=80)
    label_en = models.CharField(_("label (English)"), max_length=80, blank=True)
    text_vi = models.TextField(_("explanation (Vietnamese)"), blank=True)
    text_en = models.TextField(_("explanation (English)"), blank=True)

    class Meta:
        ordering = ["step", "yaw"]
        verbose_name = _("hotspot")
        verbose_name_plural = _("hotspots")


class Video(models.Model):
    """A short video of the production process, shown in the booth (or with one product)."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="videos", verbose_name=_("booth"))
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, null=True, blank=True, related_name="videos", verbose_name=_("product"),
    )
    file = models.FileField(_("video"), upload_to="videos/")
    content_type = models.CharField(max_length=40)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=160, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("video")
        verbose_name_plural = _("videos")


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
        ordering = ["-created_at"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")


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
        ordering = ["-created_at"]
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")

    def __str__(self):
        return f"{self.cooperative} ({self.province})"


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

    class Meta:
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
        ordering = ["id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [models.UniqueConstraint(fields=["booth", "client_id"], name="announcement_client_id_unique")]


class Order(models.Model):
    """A visitor's order from one booth: lines priced by the server, a status that only services change."""

    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        CONFIRMED = "confirmed", _("Confirmed")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    class Payment(models.TextChoices):
        CASH = "cod", _("Cash on delivery")
        TRANSFER = "transfer", _("Bank transfer")

    number = models.CharField(_("order number"), max_length=20, unique=True)
    booth = models.ForeignKey(Booth, on_delete=models.PROTECT, related_name="orders", verbose_name=_("booth"))
    visitor_id = models.CharField(_("visitor"), max_length=32)
    idempotency_key = models.CharField(max_length=64)
    payload_hash = models.CharField(max_length=64)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=20)
    address = models.TextField(_("delivery address"))
    note = models.TextField(_("note"), blank=True)
    payment = models.CharField(_("payment"), max_length=10, choices=Payment.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLACED)
    total_vnd = models.PositiveBigIntegerField(_("total (VND)"))
    tracking_note = models.CharField(_("tracking note"), max_length=200, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = pgettext_lazy("purchase", "order")
        verbose_name_plural = pgettext_lazy("purchase", "orders")
        constraints = [
            models.UniqueConstraint(fields=["visitor_id", "idempotency_key"], name="order_idempotency_key_unique"),
        ]

    def __str__(self):
        return self.number


class OrderLine(models.Model):
    """One product in an order, at the price the server charged when it was placed."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_lines")
    name = models.CharField(max_length=160)
    unit = models.CharField(max_length=40)
    unit_price_vnd = models.PositiveBigIntegerField()
    quantity = models.PositiveIntegerField()
    total_vnd = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_line_quantity_positive")]


class OrderEvent(models.Model):
    """A step in an order's life: who moved it from which status to which, when and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.CharField(max_length=10)  # visitor, producer or system
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
