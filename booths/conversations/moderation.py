"""Moderation of chat: hide a message, mute a visitor in a booth or the whole fair, and undo either.

Organizers moderate everything; a producer's staff moderate their own booths' conversations (and may mute only
in their booth). Every action is written to the log (who, when, why) and is reversible. Open pages learn at once
through `chat.hidden` / `chat.restored` on the conversation's and the producer's groups (fair.events.broadcast).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from booths.conversations.models import Conversation, Message, ModerationAction, Mute
from booths.conversations.services import message_payload
from booths.models import Booth
from booths.services import producer_can_act
from fair import groups
from fair.errors import ClientError
from fair.events import broadcast
from fair.selectors import user_is_organizer

MAX_REASON = 200
# How long a mute may last, in minutes: the choices offered (15 minutes to a week); the service takes any value
# from the shortest to the longest.
MUTE_MINUTES = (15, 60, 24 * 60, 7 * 24 * 60)
MUTE_CHOICES = list(zip(MUTE_MINUTES, (gettext_lazy("15 minutes"), gettext_lazy("1 hour"), gettext_lazy("1 day"),
                                       gettext_lazy("7 days")), strict=True))


def can_moderate(*, user, booth: Booth) -> bool:
    """Organizers, and the staff of the booth's producer."""
    return producer_can_act(user=user, producer=booth.producer)


def _role(user) -> str:
    return "organizer" if user_is_organizer(user) else "producer"


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ClientError("moderation_reason", _("Say why: the reason is kept in the moderation log."))
    if len(reason) > MAX_REASON:
        raise ClientError("too_long", _("A reason may have at most %(count)s characters.") % {"count": MAX_REASON})
    return reason


def _log(*, action: str, user, reason: str = "", message: Message | None = None, mute: Mute | None = None,
         booth: Booth | None = None, visitor_id: str = "") -> ModerationAction:
    return ModerationAction.objects.create(
        action=action, actor=user, actor_name=(user.get_full_name() or user.get_username())[:150],
        actor_role=_role(user), reason=reason, message=message, mute=mute, booth=booth, visitor_id=visitor_id)


def _check(user, booth: Booth) -> None:
    if not can_moderate(user=user, booth=booth):
        raise ClientError("forbidden", _("You may not do that on this socket."))


def _tell(conversation: Conversation, event: dict) -> None:
    """Every open page of the conversation: the visitor's tabs and the producer's consoles."""
    broadcast(groups.conversation_group(conversation.pk), event)
    broadcast(groups.producer_group(conversation.booth.producer_id), event)


def message_hide(*, message: Message, user, reason: str) -> bool:
    """Hide a message from everyone, with the reason. Returns False when it was hidden already (nothing logged)."""
    conversation = message.conversation
    _check(user, conversation.booth)
    reason = _reason(reason)
    with transaction.atomic():
        updated = Message.objects.filter(pk=message.pk, hidden_at__isnull=True).update(
            hidden_at=timezone.now(), hidden_reason=reason, hidden_by=user)
        if not updated:
            return False
        _log(action=ModerationAction.Action.HIDE, user=user, reason=reason, message=message,
             booth=conversation.booth, visitor_id=conversation.visitor_id)
        _tell(conversation, {"type": "chat.hidden", "conversation": conversation.pk, "id": message.pk})
    return True


def message_unhide(*, message: Message, user, reason: str = "") -> bool:
    """Show a hidden message again, on every open page. Returns False when it was not hidden."""
    conversation = message.conversation
    _check(user, conversation.booth)
    with transaction.atomic():
        updated = Message.objects.filter(pk=message.pk, hidden_at__isnull=False).update(
            hidden_at=None, hidden_reason="", hidden_by=None)
        if not updated:
            return False
        _log(action=ModerationAction.Action.UNHIDE, user=user, reason=(reason or "").strip()[:MAX_REASON],
             message=message, booth=conversation.booth, visitor_id=conversation.visitor_id)
        message.refresh_from_db()
        _tell(conversation, {"type": "chat.restored", "message": message_payload(message)})
    return True


def visitor_mute(*, booth: Booth, visitor_id: str, user, scope: str, minutes: int, reason: str,
                 visitor_name: str = "") -> Mute:
    """Stop a visitor writing in this booth (its staff or an organizer) or the booth's whole fair (organizers only)
    for `minutes`. A longer mute of the same place replaces nothing: the longest active one counts."""
    _check(user, booth)
    if scope not in Mute.Scope.values:
        raise ClientError("bad_field", _("Mute in this booth or in the whole fair."))
    if scope == Mute.Scope.FAIR and not user_is_organizer(user):
        raise ClientError("forbidden", _("Only the fair's organizers may mute a visitor in the whole fair."))
    if scope == Mute.Scope.FAIR and not booth.hall_id:
        raise ClientError("bad_field", _("This booth is in no fair yet: mute in the booth."))
    if not isinstance(minutes, int) or not MUTE_MINUTES[0] <= minutes <= MUTE_MINUTES[-1]:
        raise ClientError("bad_field", _("A mute lasts from 15 minutes to 7 days."))
    if not visitor_id:
        raise ClientError("bad_field", _("No such visitor."))
    reason = _reason(reason)
    with transaction.atomic():
        mute = Mute.objects.create(
            visitor_id=visitor_id, visitor_name=(visitor_name or "")[:60], scope=scope,
            booth=booth if scope == Mute.Scope.BOOTH else None,
            fair_id=booth.hall.fair_id if scope == Mute.Scope.FAIR else None,
            reason=reason, until=timezone.now() + timedelta(minutes=minutes), created_by=user)
        _log(action=ModerationAction.Action.MUTE, user=user, reason=reason, mute=mute, booth=booth,
             visitor_id=visitor_id)
    return mute


def _mute_booths_check(mute: Mute, user) -> None:
    if mute.scope == Mute.Scope.FAIR:
        if not user_is_organizer(user):
            raise ClientError("forbidden", _("Only the fair's organizers may mute a visitor in the whole fair."))
    else:
        _check(user, mute.booth)


def visitor_unmute(*, mute: Mute, user, reason: str = "") -> bool:
    """Lift a mute early. Returns False when it was lifted or over already."""
    _mute_booths_check(mute, user)
    with transaction.atomic():
        updated = Mute.objects.filter(pk=mute.pk, lifted_at__isnull=True, until__gt=timezone.now()).update(
            lifted_at=timezone.now(), lifted_by=user)
        if not updated:
            return False
        _log(action=ModerationAction.Action.UNMUTE, user=user, reason=(reason or "").strip()[:MAX_REASON],
             mute=mute, booth=mute.booth, visitor_id=mute.visitor_id)
    return True
