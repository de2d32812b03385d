"""The producer's editor, made for a phone: booth, products, media, the process tour, QR labels.

Every page is a plain form that works without JavaScript; the editor bundle adds resumable
uploads with progress, the 360° spin guide and tapping the panorama to place hotspots.
Pages may be looked at by the producer's staff and by organizers; only the staff change them
(``services.producer_can_edit``); every write goes through booths.services or booths.media.uploads.
"""

import io
import json
import uuid

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from booths import selectors as catalogue
from booths import services
from booths.conversations.moderation import MUTE_CHOICES
from booths.editor.forms import BoothForm, DiaryForm, HotspotForm, ProducerForm, ProductForm, StepForm, TourForm
from booths.media import uploads
from booths.media.models import MediaUpload
from booths.models import Booth, DiaryEntry, Hotspot, Product, ProductImage, TourStep, Video
from booths.orders import services as ordering
from booths.orders.models import Order
from fair.selectors import user_is_organizer, user_signed_in

SPIN_FRAMES = 24  # the guide asks for a photo every 15°


class Access:
    """What the signed-in person may do with a producer's things: look (staff, organizers) and change (staff)."""

    def __init__(self, request, producer):
        if not user_signed_in(request.user):
            raise _LoginNeeded
        self.can_edit = services.producer_can_edit(user=request.user, producer=producer)
        if not (self.can_edit or user_is_organizer(request.user)):
            raise PermissionDenied("Only this producer's staff and organizers may open its editor.")
        if request.method not in ("GET", "HEAD") and not self.can_edit:
            raise PermissionDenied("Only this producer's staff may change its booth.")


class _LoginNeeded(Exception):
    pass


def editor_view(view):
    """Login first (back to the same page), then the view; PermissionDenied is a 403 as usual."""
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginNeeded:
            return redirect_to_login(request.get_full_path())
    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _booth(request, slug):
    booth = get_object_or_404(Booth.objects.select_related("producer", "hall"), slug=slug)
    return booth, Access(request, booth.producer)


def _product(request, slug):
    product = get_object_or_404(Product.objects.select_related("booth", "booth__producer"), slug=slug)
    return product, Access(request, product.booth.producer)


def _step(request, pk):
    step = get_object_or_404(TourStep.objects.select_related("tour", "tour__booth", "tour__booth__producer"), pk=pk)
    return step, Access(request, step.tour.booth.producer)


def _save_form(request, form, save) -> bool:
    """Validate, then save through a service; a model rule the service finds is shown on the form."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            form.add_error(None, error.messages)
        return False
    messages.success(request, _("Saved."))
    return True


def _uploads_of(**filters):
    return list(MediaUpload.objects.filter(**filters).order_by("-created_at")[:12])


# Booth and producer ------------------------------------------------------------------------------

@editor_view
def booth_edit(request, booth_slug):
    """The booth's texts, cover, the producer's story, contact and bank account; its products and videos."""
    booth, access = _booth(request, booth_slug)
    booth_form = BoothForm(request.POST or None, instance=booth, prefix="booth")
    producer_form = ProducerForm(request.POST or None, instance=booth.producer, prefix="producer")
    if request.method == "POST":
        if booth_form.is_valid() and producer_form.is_valid():
            booth_fields = {name: booth_form.cleaned_data[name] for name in booth_form.changed_data}
            producer_fields = {name: producer_form.cleaned_data[name] for name in producer_form.changed_data}
            try:
                if booth_fields:
                    services.booth_update(booth=booth, user=request.user, **booth_fields)
                if producer_fields:
                    services.producer_update(producer=booth.producer, user=request.user, **producer_fields)
            except ValidationError as error:
                booth_form.add_error(None, error.messages)
            else:
                messages.success(request, _("Saved."))
                return redirect("editor:booth", booth_slug=booth.slug)
    return render(request, "editor/booth.html", {
        "editor_section": "booth", "booth": booth, "access": access, "booth_form": booth_form, "producer_form": producer_form,
        "products": booth.products.prefetch_related("images").order_by("order", "id"),
        "videos": booth.videos.all(), "uploads": _uploads_of(booth=booth, kind__in=["cover", "video"]),
    }, status=400 if request.method == "POST" else 200)


@editor_view
def product_new(request, booth_slug):
    """A new product: name, price, unit, stock, certificate, origin. Media come on the next page."""
    booth, access = _booth(request, booth_slug)
    form = ProductForm(request.POST or None, initial={"is_published": True, "stars": 3, "certificate_level": "district"})
    created = {}
    if request.method == "POST" and _save_form(request, form, lambda data: created.setdefault(
            "product", services.product_create(booth=booth, user=request.user, **data))):
        return redirect("editor:product", product_slug=created["product"].slug)
    return render(request, "editor/product.html", {"booth": booth, "access": access, "form": form, "product": None},
                  status=400 if request.method == "POST" else 200)


@editor_view
def product_edit(request, product_slug):
    """A product's texts and certificate, photos, 3D model, 360° spin, certificate scan, farm diary and QR label."""
    product, access = _product(request, product_slug)
    form = ProductForm(request.POST or None, instance=product)

    def save(data):
        stock = data.pop("stock")
        changed = {name: data[name] for name in form.changed_data if name in data}
        if changed:
            services.product_update(product=product, user=request.user, **changed)
        if "stock" in form.changed_data:
            ordering.product_set_stock(product=product, user=request.user, stock=stock)

    if request.method == "POST" and _save_form(request, form, save):
        return redirect("editor:product", product_slug=product.slug)
    frames = {frame.order: frame for frame in product.spin_frames.all()}
    return render(request, "editor/product.html", {
        "booth": product.booth, "product": product, "access": access, "form": form,
        "diary_form": DiaryForm(prefix="diary"), "images": product.images.all(),
        "spin_slots": [{"index": i, "frame": frames.get(i)} for i in range(SPIN_FRAMES)],
        "spin_count": SPIN_FRAMES, "spin_done": len(frames),
        "uploads": _uploads_of(product=product),
        "public_url": request.build_absolute_uri(reverse("booths:product", args=[product.slug])),
    }, status=400 if request.method == "POST" else 200)


@editor_view
@require_POST
def diary_add(request, product_slug):
    product, _access = _product(request, product_slug)
    form = DiaryForm(request.POST, prefix="diary")
    if not _save_form(request, form, lambda data: services.diary_add(product=product, user=request.user, **data)):
        messages.error(request, _("The diary line was not added: %(problems)s") % {
            "problems": "; ".join(f"{form.fields[k].label if k in form.fields else ''} {' '.join(v)}".strip()
                                  for k, v in form.errors.items())})
    return redirect(reverse("editor:product", args=[product.slug]) + "#diary")


@editor_view
@require_POST
def item_delete(request, kind, pk):
    """Remove a photo, video, diary line, tour step or hotspot (of the producer's own booth)."""
    models = {"image": (ProductImage, "product__booth"), "video": (Video, "booth"), "diary": (DiaryEntry, "product__booth"),
              "step": (TourStep, "tour__booth"), "hotspot": (Hotspot, "step__tour__booth")}
    if kind not in models:
        raise Http404("Nothing of that kind.")
    model, path = models[kind]
    obj = get_object_or_404(model.objects.select_related(path), pk=pk)
    booth = obj
    for part in path.split("__"):
        booth = getattr(booth, part)
    Access(request, booth.producer)
    services.owned_delete(obj=obj, producer=booth.producer, user=request.user)
    messages.success(request, _("Removed."))
    return redirect(request.POST.get("next") if _safe_next(request) else reverse("editor:booth", args=[booth.slug]))


def _safe_next(request) -> bool:
    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                            require_https=request.is_secure())


# The process tour --------------------------------------------------------------------------------

@editor_view
def tour_edit(request, booth_slug):
    """The tour's title and steps in order: add a step, move it up or down, open it to edit."""
    booth, access = _booth(request, booth_slug)
    tour = getattr(booth, "tour", None)
    tour_form = TourForm(request.POST or None, instance=tour, prefix="tour")
    step_form = StepForm(request.POST or None, prefix="step")
    if request.method == "POST":
        tour = services.tour_ensure(booth=booth, user=request.user)
        if request.POST.get("action") == "add-step":
            created = {}
            if _save_form(request, step_form, lambda data: created.setdefault(
                    "step", services.step_save(tour=tour, user=request.user, **data))):
                return redirect("editor:step", pk=created["step"].pk)
        else:
            tour_form = TourForm(request.POST, instance=tour, prefix="tour")
            if tour_form.is_valid():
                tour_form.save()
                messages.success(request, _("Saved."))
                return redirect("editor:tour", booth_slug=booth.slug)
    steps = list(tour.steps.prefetch_related("hotspots").order_by("order")) if tour else []
    return render(request, "editor/tour.html", {
        "editor_section": "tour", "booth": booth, "access": access, "tour": tour, "tour_form": tour_form, "step_form": step_form,
        "steps": steps,
    }, status=400 if request.method == "POST" else 200)


@editor_view
def step_edit(request, pk):
    """One step: panorama, title and narration, hotspots placed by tapping the panorama."""
    step, access = _step(request, pk)
    form = StepForm(request.POST or None, instance=step, prefix="step")
    hotspot_form = HotspotForm(request.POST or None, prefix="hotspot")
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action in ("up", "down"):
            services.step_move(step=step, user=request.user, by=-1 if action == "up" else 1)
            return redirect("editor:tour", booth_slug=step.tour.booth.slug)
        if action == "hotspot":
            form = StepForm(instance=step, prefix="step")
            if _save_form(request, hotspot_form, lambda data: services.hotspot_add(step=step, user=request.user, **data)):
                return redirect(reverse("editor:step", args=[step.pk]) + "#hotspots")
        else:
            hotspot_form = HotspotForm(prefix="hotspot")
            data_fields = lambda data: {k: data[k] for k in ("title_vi", "title_en", "narration_vi", "narration_en")}  # noqa: E731
            if _save_form(request, form, lambda data: services.step_save(tour=step.tour, step=step, user=request.user,
                                                                         **data_fields(data))):
                return redirect("editor:step", pk=step.pk)
    return render(request, "editor/step.html", {
        "editor_section": "tour", "booth": step.tour.booth, "step": step, "access": access, "form": form, "hotspot_form": hotspot_form,
        "hotspots": step.hotspots.all(), "uploads": _uploads_of(step=step),
    }, status=400 if request.method == "POST" else 200)


# Uploads: resumable chunks for the editor's script, one plain form post without it ----------------------

class _CappedUploadHandler(FileUploadHandler):
    """Stops reading a form-posted file once it passes the cap of its kind (while it streams in)."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit, self.seen, self.too_large = limit, 0, False

    def receive_data_chunk(self, raw_data, start):
        self.seen += len(raw_data)
        if self.seen > self.limit:
            self.too_large = True
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def _upload_targets(request, data):
    booth = get_object_or_404(Booth.objects.select_related("producer"), slug=data.get("booth", ""))
    Access(request, booth.producer)
    product = get_object_or_404(Product, slug=data["product"], booth=booth) if data.get("product") else None
    step = get_object_or_404(TourStep, pk=data["step"], tour__booth=booth) if data.get("step", "").isdigit() else None
    return booth, product, step


def _refused(problem: uploads.UploadRefused):
    return JsonResponse({"error": {"code": problem.code, "message": problem.message}}, status=problem.status)


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the form
@editor_view
def upload_start(request):
    """POST fields (kind, booth, product|step, filename, size) asking for JSON: open a resumable upload → its id
    and offset. The same URL takes whole files as a plain multipart form post (the editor without JavaScript).
    """
    if request.method != "POST":
        return JsonResponse({"error": {"code": "method", "message": "POST"}}, status=405)
    kind = request.GET.get("kind") or ""
    handler = _CappedUploadHandler(request, uploads.MAX_BYTES.get(kind, 0))
    if request.content_type == "multipart/form-data":
        request.upload_handlers = [handler] + list(request.upload_handlers)
    return csrf_protect(_upload_start)(request, handler)


def _upload_start(request, handler):
    data = request.POST
    booth, product, step = _upload_targets(request, {**request.GET.dict(), **data.dict()})
    kind = request.GET.get("kind") or data.get("kind", "")
    files = request.FILES.getlist("file")
    back = request.POST.get("next") if _safe_next(request) else reverse("editor:booth", args=[booth.slug])
    if "application/json" in request.headers.get("Accept", ""):  # the editor's script opens a resumable upload
        try:
            upload = uploads.upload_start(user=request.user, booth=booth, kind=kind, filename=data.get("filename", ""),
                                          size=data.get("size"), product=product, step=step,
                                          spin_index=data.get("spin_index"))
        except uploads.UploadRefused as problem:
            return _refused(problem)
        return JsonResponse(uploads.upload_payload(upload), status=201)
    # No JavaScript: whole files in one post, each checked like a chunked upload.
    if handler.too_large:
        messages.error(request, _("This file is larger than %(limit)s MB.") % {"limit": uploads.MAX_BYTES[kind] // uploads.MB})
        return redirect(back)
    if not files:
        messages.error(request, _("Choose a file first."))
        return redirect(back)
    start_index = data.get("spin_index")
    for offset, file in enumerate(files):
        spin_index = int(start_index or 0) + offset if kind == MediaUpload.Kind.SPIN else None
        try:
            upload = uploads.upload_start(user=request.user, booth=booth, kind=kind, filename=file.name, size=file.size,
                                          product=product, step=step, spin_index=spin_index)
            file.seek(0)
            uploads.upload_append(upload=upload, offset=0, stream=file, piece_limit=None)
        except uploads.UploadRefused as problem:
            messages.error(request, f"{file.name}: {problem.message}")
        else:
            messages.success(request, _("%(name)s received; it is being processed.") % {"name": file.name})
    return redirect(back)


def _upload_of(request, upload_id) -> MediaUpload:
    try:
        upload_id = uuid.UUID(str(upload_id))
    except ValueError:
        raise Http404("No such upload.") from None
    upload = get_object_or_404(MediaUpload.objects.select_related("producer"), pk=upload_id)
    Access(request, upload.producer)
    return upload


@editor_view
def upload_detail(request, upload_id):
    """GET: progress and status (resume from `offset`); PATCH with Upload-Offset: the next chunk; DELETE: give up."""
    upload = _upload_of(request, upload_id)
    if request.method == "GET":
        return JsonResponse(uploads.upload_payload(upload))
    if request.method == "DELETE":
        if upload.status == MediaUpload.Status.RECEIVING:
            uploads.upload_discard(upload)
        return JsonResponse({"deleted": True})
    if request.method != "PATCH":
        return JsonResponse({"error": {"code": "method", "message": "GET, PATCH or DELETE"}}, status=405)
    try:
        offset = int(request.headers.get("Upload-Offset", ""))
        length = int(request.headers.get("Content-Length", "") or 0)
    except ValueError:
        return JsonResponse({"error": {"code": "offset_needed", "message": _("Say where this piece starts (Upload-Offset).")}},
                            status=400)
    try:
        upload = uploads.upload_append(upload=upload, offset=offset, stream=request, length=length)
    except uploads.UploadRefused as problem:
        response = _refused(problem)
        if problem.code == "wrong_offset":
            response.content = json.dumps({"error": {"code": problem.code, "message": problem.message},
                                           "offset": upload.received}).encode()
        return response
    return JsonResponse(uploads.upload_payload(upload))


@editor_view
@require_POST
def upload_retry(request, upload_id):
    upload = _upload_of(request, upload_id)
    try:
        upload = uploads.upload_retry(upload=upload, user=request.user)
    except uploads.UploadRefused as problem:
        return _refused(problem)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(uploads.upload_payload(upload))
    messages.success(request, _("Trying again."))
    return redirect(request.POST.get("next") if _safe_next(request) else reverse("editor:booth", args=[upload.booth.slug]))


# QR codes and labels for the packaging --------------------------------------------------------------

QR_SCALE = 6  # pixels per module of the served SVG: 33 modules make about 200 px, sharp in the editor
QR_BORDER = 4  # modules of white around the code: the quiet zone QR readers need to find it on a printed label


def _qr_svg(url: str) -> bytes:
    """The QR code as a standalone SVG: with the SVG namespace (an <img> draws nothing without it) and a viewBox
    (so a label scales the whole code down instead of cropping it)."""
    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=QR_SCALE, border=QR_BORDER, dark="#1d1d1b", light="#ffffff", xmldecl=False)
    size = code.symbol_size(scale=QR_SCALE, border=QR_BORDER)[0]
    return buffer.getvalue().replace(b"<svg ", f'<svg viewBox="0 0 {size} {size}" '.encode(), 1)


def _qr_response(request, path: str, name: str) -> HttpResponse:
    response = HttpResponse(_qr_svg(request.build_absolute_uri(path)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="qr-{name}.svg"'
    return response


@editor_view
def product_qr(request, product_slug):
    """The product's QR code (SVG we draw ourselves), linking to its page in the fair."""
    product, _access = _product(request, product_slug)
    return _qr_response(request, reverse("booths:product", args=[product.slug]), product.slug)


@editor_view
def booth_qr(request, booth_slug):
    booth, _access = _booth(request, booth_slug)
    return _qr_response(request, reverse("booths:booth", args=[booth.slug]), booth.slug)


@editor_view
def product_label(request, product_slug):
    """A printable label: name, OCOP stars, price, producer, and the QR code to the product in the fair."""
    product, _access = _product(request, product_slug)
    url = request.build_absolute_uri(reverse("booths:product", args=[product.slug]))
    raw = request.GET.get("copies", "8")
    copies = max(1, min(int(raw), 40)) if raw.isdigit() else 8
    return render(request, "editor/label.html", {
        "product": product, "booth": product.booth, "url": url, "qr": _qr_svg(url).decode(), "copies": range(copies),
    })


def producer_console(request):
    """The producer's console (made for a phone): conversations, orders, stock, visitors now, online/away."""
    if not user_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    producer_ids = catalogue.producers_of(user=request.user)
    if not producer_ids:
        raise PermissionDenied("Only producer staff have a console.")
    return render(request, "editor/console.html", {"producers": catalogue.producers_get(producer_ids=producer_ids),
                                                   "payments": Order.Payment.choices, "statuses": Order.Status.choices,
                                                   "mute_choices": MUTE_CHOICES})
