"""The catalogue: producers, their booths and products, OCOP certificates, traceability, process tours."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def bank_choices():
    """Banks that take VietQR transfers, as (BIN, short name · full name): the bank list of vietnam-qr-pay."""
    from vietnam_qr_pay.constants.banks import BanksObject, VietQRStatus

    banks = sorted((b for b in BanksObject.values() if b.viet_qr_status == VietQRStatus.TRANSFER_SUPPORTED
                    and not b.deprecated), key=lambda b: b.short_name.lower())
    seen, choices = set(), []
    for bank in banks:
        if bank.bin not in seen:
            seen.add(bank.bin)
            choices.append((bank.bin, f"{bank.short_name} · {bank.name}"))
    return choices


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
    # VietQR names a bank by its 6-digit NAPAS BIN; the list comes from vietnam-qr-pay (no network).
    bank_bin = models.CharField(_("bank for VietQR"), max_length=6, blank=True, choices=bank_choices,
                                help_text=_("The bank of the account above: buyers scan a VietQR code made for it."))
    payment_window_hours = models.PositiveSmallIntegerField(
        _("hours to pay a transfer"), default=24, validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_("A bank-transfer order not paid within this time is cancelled and its stock given back."))
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
    certificate_authority_en = models.CharField(_("issued by (English)"), max_length=160, blank=True)
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

    @property
    def certificate_authority_vi(self) -> str:
        """The authority as written on the certificate (Vietnamese), so `tr` can fall back to it."""
        return self.certificate_authority


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
    inputs_en = models.CharField(_("inputs used (English)"), max_length=200, blank=True)
    area_code = models.CharField(_("growing-area code"), max_length=60, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("farm diary entry")
        verbose_name_plural = _("farm diary entries")

    @property
    def inputs_vi(self) -> str:
        """The inputs as the producer wrote them (Vietnamese), so `tr` can fall back to them."""
        return self.inputs


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


class Session(models.Model):
    """Something on the fair's schedule: a livestream sale, a tasting, a talk or a workshop, at a booth or in a hall.

    Shown to visitors when its hall is visible (fair.selectors); a livestream sale names the booth that sells."""

    class Kind(models.TextChoices):
        LIVESTREAM = "livestream", _("Livestream sale")
        TASTING = "tasting", _("Tasting")
        TALK = "talk", _("Talk")
        WORKSHOP = "workshop", _("Workshop")

    hall = models.ForeignKey("fair.Hall", on_delete=models.CASCADE, related_name="sessions", verbose_name=_("hall"))
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions",
                              verbose_name=_("booth"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True, max_length=2000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=2000)
    host = models.CharField(_("host"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self):
        return self.title_vi
