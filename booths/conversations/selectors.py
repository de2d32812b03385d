"""Reads of chat and announcements: what a reconnecting visitor or console missed, a producer's inbox."""

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from booths.conversations.models import Announcement, Conversation, Message, ModerationAction, Mute
from booths.conversations.services import announcement_payload
from booths.models import Booth


def conversation_of_visitor(*, booth: Booth, visitor_id: str) -> Conversation | None:
    """The visitor's conversation with this booth, if they have written to it."""
    return Conversation.objects.filter(booth=booth, visitor_id=visitor_id).first()


def conversation_for_producer(*, conversation_id: int, producer_ids) -> Conversation | None:
    """A conversation of one of these producers' booths, or None (another producer's looks like a missing one)."""
    return (Conversation.objects.select_related("booth")
            .filter(pk=conversation_id, booth__producer_id__in=producer_ids).first())


def conversation_messages(*, conversation, after: int = 0, limit: int = 500) -> list[Message]:
    """A conversation's messages after a server id, oldest first."""
    return list(Message.objects.filter(conversation=conversation, id__gt=after, hidden_at__isnull=True)
                .order_by("id")[:limit])


def producer_messages_after(*, producer_ids, after: int, limit: int = 500) -> list[Message]:
    """Every message in these producers' conversations after a server id, oldest first (a console resuming)."""
    return list(Message.objects.filter(conversation__booth__producer_id__in=producer_ids, id__gt=after,
                                       hidden_at__isnull=True).order_by("id")[:limit])


def producer_conversations(*, producer_ids, limit: int = 100) -> list[dict]:
    """The conversations of these producers' booths, newest first, with unread counts and a preview."""
    shown = Message.objects.filter(conversation=OuterRef("pk"), hidden_at__isnull=True).order_by("-id")
    last_text, last_at = shown.values("text")[:1], shown.values("created_at")[:1]
    rows = (Conversation.objects.filter(booth__producer_id__in=producer_ids, last_message_id__gt=0)
            .select_related("booth")
            .annotate(unread=Count("messages", filter=Q(messages__sender="visitor", messages__id__gt=F("producer_read_id"))),
                      preview=Subquery(last_text), last_at=Subquery(last_at))
            .order_by("-last_message_id")[:limit])
    return [{"id": c.pk, "booth": c.booth.slug, "booth_title": c.booth.title_vi, "visitor": c.visitor_name or "",
             "last_message_id": c.last_message_id, "unread": c.unread, "preview": (c.preview or "")[:120],
             "visitor_read_id": c.visitor_read_id, "last_at": c.last_at.isoformat() if c.last_at else None}
            for c in rows]


def announcements_after(*, booth: Booth, after: int, limit: int = 200) -> list[dict]:
    """The booth's announcements after `after` (what a visitor who missed some asks for), oldest first."""
    rows = Announcement.objects.filter(booth=booth, id__gt=after).select_related("booth").order_by("id")[:limit]
    return [announcement_payload(row) for row in rows]


def message_for_moderation(*, message_id: int, producer_ids=None) -> Message | None:
    """A message with its conversation and booth; limited to these producers' booths when given (a console)."""
    found = Message.objects.select_related("conversation__booth__producer", "conversation__booth__hall")
    if producer_ids is not None:
        found = found.filter(conversation__booth__producer_id__in=producer_ids)
    return found.filter(pk=message_id).first()


def mute_get(*, mute_id: int) -> Mute | None:
    return Mute.objects.select_related("booth__producer").filter(pk=mute_id).first()


def moderation_recent_messages(*, booth_slug: str = "", limit: int = 100) -> list[Message]:
    """The newest messages of every conversation (hidden ones too, marked), newest first: what an organizer reads."""
    found = Message.objects.select_related("conversation__booth", "hidden_by").order_by("-id")
    if booth_slug:
        found = found.filter(conversation__booth__slug=booth_slug)
    return list(found[:limit])


def mutes_active(*, limit: int = 200) -> list[Mute]:
    return list(Mute.objects.filter(lifted_at__isnull=True, until__gt=timezone.now())
                .select_related("booth", "fair", "created_by").order_by("until")[:limit])


def moderation_log(*, limit: int = 200) -> list[ModerationAction]:
    return list(ModerationAction.objects.select_related("booth", "message", "mute").order_by("-at", "-id")[:limit])
