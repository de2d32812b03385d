"""The fair's schedule as visitors see it: what is on now and next (a fair, a hall, a booth), and the iCalendar
export (RFC 5545) of a fair or one session. Only sessions in halls the person may see (fair.selectors)."""

import datetime
import zoneinfo
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from booths.models import Session
from fair.models import Fair
from fair.selectors import session_visible_q
from fair.text import localized

NEXT_WINDOW = datetime.timedelta(days=2)  # "next" looks this far ahead


def sessions_visible(*, user) -> QuerySet[Session]:
    return Session.objects.filter(session_visible_q(user=user)).select_related("hall", "hall__fair", "booth")


def now_and_next(sessions, *, now=None, limit: int = 3) -> dict:
    """{"now": [sessions on now], "next": [the next ones starting within two days]} from a queryset."""
    now = now or timezone.now()
    return {
        "now": list(sessions.filter(starts_at__lte=now, ends_at__gt=now).order_by("ends_at", "id")[:limit]),
        "next": list(sessions.filter(starts_at__gt=now, starts_at__lte=now + NEXT_WINDOW).order_by("starts_at", "id")[:limit]),
    }


def fair_on_now(*, fair: Fair, user) -> dict:
    return now_and_next(sessions_visible(user=user).filter(hall__fair=fair))


def booth_on_now(*, booth, user) -> dict:
    return now_and_next(sessions_visible(user=user).filter(booth=booth))


def hall_markers(*, hall, now=None) -> dict[str, str]:
    """{booth slug: what its marker in the 3D hall says}: a session on now, else one starting within the hour
    (the hall itself is visible: its sessions are)."""
    now = now or timezone.now()
    found = (Session.objects.filter(hall=hall, booth__isnull=False, ends_at__gt=now,
                                    starts_at__lte=now + datetime.timedelta(hours=1))
             .select_related("booth", "hall__fair").order_by("starts_at", "id"))
    markers = {}
    for session in found:
        if session.booth.slug in markers:
            continue
        title = f"{session.get_kind_display()}: {localized(session, 'title')}"
        if session.starts_at <= now:
            markers[session.booth.slug] = _("On now · %(title)s") % {"title": title}
        else:
            starts = session.starts_at.astimezone(zoneinfo.ZoneInfo(session.hall.fair.time_zone))
            markers[session.booth.slug] = _("At %(time)s · %(title)s") % {"time": starts.strftime("%H:%M"), "title": title}
    return markers


# iCalendar ---------------------------------------------------------------------------------------------

def _escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 3.1), never splitting a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(session: Session, *, base_url: str, stamp: datetime.datetime) -> list[str]:
    where = localized(session.hall, "name")
    if session.booth:
        where = f"{localized(session.booth, 'title')} · {where}"
    url = base_url + (reverse("booths:booth", args=[session.booth.slug]) if session.booth
                      else reverse("booths:hall", args=[session.hall.fair.slug, session.hall.slug]))
    description = localized(session, "description")
    if session.host:
        description = f"{session.host}\n{description}".strip()
    lines = [
        "BEGIN:VEVENT",
        f"UID:session-{session.pk}@{urlsplit(base_url).hostname or 'ocop-fair'}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.ends_at)}",
        f"LAST-MODIFIED:{_utc(session.updated_at)}",
        f"SUMMARY:{_escape(localized(session, 'title'))}",
        f"LOCATION:{_escape(where)}",
        f"CATEGORIES:{_escape(session.get_kind_display())}",
        f"URL:{url}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    lines.append("END:VEVENT")
    return lines


def calendar_ics(*, name: str, time_zone: str, sessions, base_url: str) -> str:
    """An iCalendar file of these sessions (times in UTC; the fair's zone named for calendar apps)."""
    zoneinfo.ZoneInfo(time_zone)  # a zone the fair could not have saved is a bug, not a file
    stamp = timezone.now()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OCOP virtual fair//Schedule//VI", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}", f"X-WR-TIMEZONE:{time_zone}"]
    for session in sessions:
        lines += _event_lines(session, base_url=base_url, stamp=stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
