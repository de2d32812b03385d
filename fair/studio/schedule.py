"""The fair's schedule in the studio: sessions (livestream sale, tasting, talk, workshop) at a booth or in a hall,
entered in the fair's time zone, with a warning when two sessions of one booth overlap."""

import datetime
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from booths.models import Booth, Session
from fair.models import Fair, Hall

MAX_LENGTH = datetime.timedelta(hours=12)
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class SessionForm(forms.ModelForm):
    """Times are typed as the fair's clock shows them (Asia/Ho_Chi_Minh by default), whatever the browser's zone."""

    starts_at = forms.DateTimeField(label=gettext_lazy("starts at"), input_formats=[LOCAL_FORMAT],
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT))
    ends_at = forms.DateTimeField(label=gettext_lazy("ends at"), input_formats=[LOCAL_FORMAT],
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT))

    class Meta:
        model = Session
        fields = ["kind", "hall", "booth", "title_vi", "title_en", "description_vi", "description_en", "host",
                  "starts_at", "ends_at"]
        widgets = {"description_vi": forms.Textarea(attrs={"rows": 3}), "description_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, fair: Fair, **kwargs):
        self.fair = fair
        self.zone = zoneinfo.ZoneInfo(fair.time_zone)
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = Hall.objects.filter(fair=fair).order_by("order", "id")
        self.fields["booth"].queryset = Booth.objects.filter(hall__fair=fair).select_related("hall").order_by("title_vi")
        self.fields["booth"].required = False
        self.fields["hall"].required = False
        self.fields["booth"].help_text = _("Leave empty for a session of the whole hall (a talk on its stage).")
        if self.instance.pk:  # shown in the fair's clock
            for name in ("starts_at", "ends_at"):
                self.initial[name] = getattr(self.instance, name).astimezone(self.zone).strftime(LOCAL_FORMAT)

    def _in_fair_zone(self, value):
        if value is None:
            return None
        # The field made the typed time aware in the server's zone: read it again on the fair's clock.
        return timezone.make_naive(value).replace(tzinfo=self.zone)

    def clean(self):
        data = super().clean()
        starts, ends = self._in_fair_zone(data.get("starts_at")), self._in_fair_zone(data.get("ends_at"))
        data["starts_at"], data["ends_at"] = starts, ends
        booth, hall = data.get("booth"), data.get("hall")
        if booth and hall and booth.hall_id != hall.pk:
            self.add_error("booth", _("This booth stands in another hall."))
        if booth and not hall:
            data["hall"] = booth.hall
        if not booth and not hall:
            self.add_error("hall", _("Choose the hall, or the booth, where the session happens."))
        if starts and ends:
            if ends <= starts:
                self.add_error("ends_at", _("A session ends after it starts."))
            elif ends - starts > MAX_LENGTH:
                self.add_error("ends_at", _("A session lasts at most 12 hours."))
            first = datetime.datetime.combine(self.fair.starts_on, datetime.time.min, tzinfo=self.zone)
            last = datetime.datetime.combine(self.fair.ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=self.zone)
            if starts < first or ends > last:
                self.add_error("starts_at", _("The session must be within the fair's dates (%(first)s – %(last)s).")
                               % {"first": self.fair.starts_on.strftime("%d/%m/%Y"), "last": self.fair.ends_on.strftime("%d/%m/%Y")})
        return data


def session_overlaps(session: Session) -> list[Session]:
    """Other sessions of the same booth at overlapping times (a warning: the organizer may mean it)."""
    if not session.booth_id:
        return []
    return list(Session.objects.filter(booth_id=session.booth_id, starts_at__lt=session.ends_at,
                                       ends_at__gt=session.starts_at).exclude(pk=session.pk).order_by("starts_at"))


def fair_sessions(*, fair: Fair) -> list[Session]:
    """Every session of the fair with its overlap warnings (``session.overlaps``), in time order."""
    sessions = list(Session.objects.filter(hall__fair=fair).select_related("hall", "booth").order_by("starts_at", "id"))
    by_booth: dict[int, list[Session]] = {}
    for session in sessions:
        by_booth.setdefault(session.booth_id, []).append(session)
    for session in sessions:
        session.overlaps = [other for other in by_booth.get(session.booth_id, []) if session.booth_id
                            and other.pk != session.pk and other.starts_at < session.ends_at and other.ends_at > session.starts_at]
    return sessions


def session_save(*, form: SessionForm) -> tuple[Session, list[Session]]:
    session = form.save()
    return session, session_overlaps(session)


def session_delete(*, session: Session) -> None:
    session.delete()
