"""/studio/onboarding/: upload a provincial OCOP list, read the dry run line by line, import it, print the invitations.

The uploaded file is kept (private, by its SHA-256) between the dry run and the import, so the organizer imports
exactly the file they checked; it is removed once imported."""

import hashlib
import logging
import re
import time

import segno
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fair.models import Hall
from fair.studio import onboarding
from fair.studio.access import organizer_view

log = logging.getLogger(__name__)
STORED = re.compile(r"^[0-9a-f]{64}\.(csv|txt|xlsx)$")


KEEP_CHECKED_SECONDS = 24 * 3600  # a checked file never imported is removed after a day


def _store():
    """The private folder of checked files; files checked more than a day ago and never imported are removed."""
    folder = settings.PRIVATE_MEDIA_ROOT / "onboarding"
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in folder.iterdir():
        if now - old.stat().st_mtime > KEEP_CHECKED_SECONDS:
            old.unlink(missing_ok=True)
    return folder


def _halls():
    return Hall.objects.select_related("fair").order_by("-fair__starts_on", "fair_id", "order", "id")


def _hall(request) -> Hall | None:
    raw = request.POST.get("hall", "")
    return _halls().filter(pk=int(raw)).first() if raw.isdigit() else None


def _form(request, *, problem: str = "", status: int = 200):
    return render(request, "studio/onboarding_upload.html", {
        "studio_section": "onboarding", "halls": _halls(), "problem": problem, "columns": onboarding.COLUMNS,
        "max_lines": onboarding.MAX_LINES, "max_mb": onboarding.MAX_BYTES // (1024 * 1024)}, status=status)


def _checked(name: str, data: bytes):
    """(lines, planned) of a file, or FileRefused."""
    _columns, lines = onboarding.read_table(name=name, data=data)
    onboarding.check_lines(lines)
    return lines, onboarding.plan(lines)


def _check_page(request, *, name, stored, hall, lines, planned, status=200):
    errors = [line for line in lines if line.errors]
    return render(request, "studio/onboarding_check.html", {
        "studio_section": "onboarding", "name": name, "stored": stored, "hall": hall, "lines": lines,
        "planned": planned, "error_lines": errors, "error_count": sum(len(line.errors) for line in errors),
        "new_producers": sum(p.new_producer for p in planned),
        "new_products": sum(p.product_exists is None for p in planned),
        "unchanged": sum(p.product_exists is not None for p in planned)}, status=status)


@organizer_view
def onboarding_home(request):
    """The upload form (GET); the dry run of an uploaded file (POST)."""
    if request.method != "POST":
        return _form(request)
    upload = request.FILES.get("file")
    hall = _hall(request)
    if upload is None:
        return _form(request, problem=_("Choose a file to check."), status=400)
    if hall is None:
        return _form(request, problem=_("Choose the hall where the new booths stand."), status=400)
    if upload.size > onboarding.MAX_BYTES:
        return _form(request, problem=_("The file is larger than %(size)s MB. Split the list into several files.") % {
            "size": onboarding.MAX_BYTES // (1024 * 1024)}, status=400)
    data = upload.read()
    name = upload.name or ""
    try:
        lines, planned = _checked(name, data)
    except onboarding.FileRefused as refused:
        return _form(request, problem=str(refused), status=400)
    stored = ""
    if not any(line.errors for line in lines):
        extension = name.lower().rsplit(".", 1)[-1]
        stored = f"{hashlib.sha256(data).hexdigest()}.{extension}"
        (_store() / stored).write_bytes(data)
    return _check_page(request, name=name, stored=stored, hall=hall, lines=lines, planned=planned,
                       status=200 if stored else 400)


@organizer_view
@require_POST
def onboarding_import(request):
    """Import the checked file into the chosen hall (all or nothing), e-mail the invitations, show the sheet."""
    stored, hall = request.POST.get("stored", ""), _hall(request)
    path = _store() / stored if STORED.match(stored) else None
    if path is None or not path.exists() or hall is None:
        messages.error(request, _("That checked file is no longer here (it was imported already, or never checked). "
                                  "Upload it again."))
        return redirect("studio:onboarding")
    data = path.read_bytes()
    name = request.POST.get("name", "")[:200] or stored
    try:
        lines, planned = _checked(stored, data)
    except onboarding.FileRefused as refused:
        return _form(request, problem=str(refused), status=400)
    if any(line.errors for line in lines):
        return _check_page(request, name=name, stored="", hall=hall, lines=lines, planned=planned, status=400)
    result = onboarding.run_import(lines=lines, hall=hall, user=request.user)
    path.unlink(missing_ok=True)
    sent = _send(request, result, hall)
    return render(request, "studio/onboarding_sheet.html", {
        "studio_section": "onboarding", "result": result, "hall": hall, "name": name, "sent": sent,
        "sheet": [{"invited": invited, "url": request.build_absolute_uri(invited.path),
                   "qr": segno.make(request.build_absolute_uri(invited.path), error="m").svg_inline(scale=3),
                   "emailed": sent.get(invited.producer.pk)} for invited in result.invited]})


def _send(request, result, hall) -> dict:
    """E-mail each invitation with an address; {producer id: True/False} (a failure is shown on the sheet)."""
    from django.core.mail import get_connection

    emails = onboarding.invitation_emails(result=result, absolute=request.build_absolute_uri,
                                          fair_name=hall.fair.name_vi)
    by_address = {invited.email: invited.producer.pk for invited in result.invited if invited.email}
    sent = {}
    connection = get_connection()
    for email in emails:
        try:
            sent[by_address[email.to[0]]] = connection.send_messages([email]) == 1
        except Exception:  # noqa: BLE001 - a mail server down: the printed link still works
            log.exception("Could not e-mail an invitation")
            sent[by_address[email.to[0]]] = False
    return sent


@organizer_view
def onboarding_template(request):
    """An empty list with the expected headers (Vietnamese and English) and one example line, as UTF-8 CSV."""
    header = ",".join(str(column.label) for column in onboarding.COLUMNS)
    example = ("HTX Mật ong Quyết Thắng,Hà Giang,Yên Minh,Mật ong bạc hà,honey,4,123/QĐ-UBND,2024,"
               "lienhe@example.vn,0912345678,250000,hũ 500 ml")
    response = HttpResponse(f"\ufeff{header}\r\n{example}\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ocop-onboarding.csv"'
    return response
