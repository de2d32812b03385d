"""/studio/moderation/: organizers read recent conversations, hide and show messages, mute and unmute visitors,
and read the moderation log. Every action goes through booths.conversations.moderation (logged, reversible)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from booths.conversations import moderation
from booths.conversations import selectors as conversations
from booths.conversations.models import Mute
from fair.errors import ClientError
from fair.studio.access import organizer_view


def _back(request):
    booth = request.POST.get("booth_filter", "")
    url = reverse("studio:moderation")
    return redirect(f"{url}?{urlencode({'booth': booth})}" if booth else url)


def _message(message_id: int):
    found = conversations.message_for_moderation(message_id=message_id)
    if found is None:
        raise Http404("No such message.")
    return found


@organizer_view
def moderation_home(request):
    """Recent messages (hidden ones marked), active mutes and the log."""
    booth = request.GET.get("booth", "")[:50]
    return render(request, "studio/moderation.html", {
        "studio_section": "moderation", "booth_filter": booth,
        "recent": conversations.moderation_recent_messages(booth_slug=booth),
        "mutes": conversations.mutes_active(), "log": conversations.moderation_log(),
        "mute_choices": moderation.MUTE_CHOICES, "scopes": Mute.Scope.choices, "max_reason": moderation.MAX_REASON,
    })


def _act(request, action, done: str):
    try:
        changed = action()
    except ClientError as error:
        messages.error(request, error.message)
    else:
        if changed is False:
            messages.info(request, _("Nothing to change: someone did it already."))
        else:
            messages.success(request, done)
    return _back(request)


@organizer_view
@require_POST
def message_hide(request, message_id):
    message = _message(message_id)
    return _act(request, lambda: moderation.message_hide(message=message, user=request.user,
                                                         reason=request.POST.get("reason", "")),
                _("The message is hidden from every page."))


@organizer_view
@require_POST
def message_unhide(request, message_id):
    message = _message(message_id)
    return _act(request, lambda: moderation.message_unhide(message=message, user=request.user,
                                                           reason=request.POST.get("reason", "")),
                _("The message is shown again."))


@organizer_view
@require_POST
def visitor_mute(request, message_id):
    """Mute the visitor who wrote this message, in its booth or the booth's whole fair."""
    message = _message(message_id)
    conversation = message.conversation
    minutes = request.POST.get("minutes", "")
    return _act(request, lambda: moderation.visitor_mute(
        booth=conversation.booth, visitor_id=conversation.visitor_id, visitor_name=conversation.visitor_name,
        user=request.user, scope=request.POST.get("scope", ""), minutes=int(minutes) if minutes.isdigit() else -1,
        reason=request.POST.get("reason", "")), _("The visitor is muted."))


@organizer_view
@require_POST
def visitor_unmute(request, mute_id):
    mute = conversations.mute_get(mute_id=mute_id)
    if mute is None:
        raise Http404("No such mute.")
    return _act(request, lambda: moderation.visitor_unmute(mute=mute, user=request.user,
                                                           reason=request.POST.get("reason", "")),
                _("The visitor may write again."))
