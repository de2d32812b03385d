"""Producers' accounts: sign in, join a producer by an organizer's invitation, ask for a booth.

An organizer invites (admin → Invitations → add, or by approving an account request); the
link is shown once, works once and expires. Whoever opens it makes an account (or uses the
one they are signed in with) and becomes staff of that producer.
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import Group
from django.contrib.auth.views import LoginView, LogoutView
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from booths.editor.forms import AccessRequestForm
from booths.editor.models import AccessRequest, Invitation
from booths.models import Booth, Producer
from booths.services import unique_slug
from fair.selectors import PRODUCER_STAFF_GROUP

INVITATION_DAYS = 14


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(*, producer: Producer, created_by, note: str = "") -> tuple[Invitation, str]:
    """A new invitation and its secret token (only its hash is stored: the link is shown once)."""
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(producer=producer, token_hash=_hash(token), note=note[:120],
                                           created_by=created_by, expires_at=timezone.now() + timedelta(days=INVITATION_DAYS))
    return invitation, token


def invitation_path(token: str) -> str:
    return reverse("accounts:invite", args=[token])


@transaction.atomic
def access_request_approve(*, request_obj: AccessRequest, organizer) -> tuple[Invitation, str]:
    """Approve a request: the producer and an unplaced booth are made, and an invitation for the person."""
    locked = AccessRequest.objects.select_for_update().get(pk=request_obj.pk)
    if locked.status == AccessRequest.Status.APPROVED and locked.producer:
        producer = locked.producer
    else:
        producer = Producer.objects.create(slug=unique_slug(Producer, locked.cooperative), name=locked.cooperative,
                                           province=locked.province, contact_phone=locked.phone,
                                           contact_email=locked.email)
        Booth.objects.create(producer=producer, slug=unique_slug(Booth, locked.cooperative), title_vi=locked.cooperative)
        locked.producer, locked.status = producer, AccessRequest.Status.APPROVED
        locked.save(update_fields=["producer", "status"])
    return invitation_create(producer=producer, created_by=organizer, note=f"{locked.name} {locked.phone}")


class SignOutView(LogoutView):
    """Signing out on a shared phone leaves nothing of this person behind: the pages, pictures and outbox the
    service worker kept are cleared (Clear-Site-Data; the page clears them too before it posts, docs/offline.md)."""

    next_page = "fair:home"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class SignInView(LoginView):
    template_name = "editor/accounts/login.html"
    redirect_authenticated_user = True


def invite_accept(request, token):
    """Open an invitation: make an account (or use the signed-in one) and join the producer's staff."""
    invitation = Invitation.objects.select_related("producer").filter(token_hash=_hash(token)).first()
    problem = None
    if invitation is None:
        problem = _("This invitation link is not valid. Ask the organizer for a new one.")
    elif invitation.accepted_at:
        problem = _("This invitation has already been used. Sign in with the account made with it.")
    elif invitation.expires_at < timezone.now():
        problem = _("This invitation has expired. Ask the organizer for a new one.")
    if problem:
        return render(request, "editor/accounts/invite.html", {"problem": problem}, status=410 if invitation else 404)
    form = UserCreationForm(request.POST or None) if not request.user.is_authenticated else None
    if request.method == "POST":
        user = request.user if request.user.is_authenticated else (form.save() if form.is_valid() else None)
        if user is not None:
            with transaction.atomic():
                claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
                    accepted_at=timezone.now(), accepted_by=user)
                if claimed:
                    invitation.producer.staff.add(user)
                    user.groups.add(Group.objects.get_or_create(name=PRODUCER_STAFF_GROUP)[0])
            if not request.user.is_authenticated:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! You can now build the booth of %(producer)s.") % {"producer": invitation.producer})
            booth = invitation.producer.booths.first()
            return redirect("editor:booth", booth_slug=booth.slug) if booth else redirect("editor:console")
    return render(request, "editor/accounts/invite.html", {"invitation": invitation, "form": form},
                  status=400 if request.method == "POST" else 200)


def access_request(request):
    """A cooperative asks for a booth; an organizer answers with an invitation."""
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        return render(request, "editor/accounts/request.html", {"sent": True})
    return render(request, "editor/accounts/request.html", {"form": form}, status=400 if request.method == "POST" else 200)
