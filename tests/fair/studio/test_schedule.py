"""The schedule: sessions entered on the fair's clock, overlap warnings per booth, "on now" and "next" on the fair and
booth pages and over the booth in the 3D hall, and iCalendar files read back by a real iCalendar library."""

import datetime
import json
import zoneinfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from booths.models import Session
from tests.factories import make_booth, make_fair, make_hall, make_user

pytestmark = pytest.mark.django_db
SAIGON = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def organizer(client):
    client.force_login(make_user(organizer=True))
    client.cookies["django_language"] = "en"


@pytest.fixture
def booth():
    hall = make_hall(fair=make_fair(status="open", slug="hoi-cho"), name_en="Honey hall")
    return make_booth(hall=hall, title_en="Quyet Thang honey", slug="mat-ong")


def local(moment: datetime.datetime) -> str:
    return moment.astimezone(SAIGON).strftime("%Y-%m-%dT%H:%M")


def session_fields(booth, starts, minutes=60, **extra):
    return {"kind": "livestream", "hall": booth.hall_id, "booth": booth.pk, "title_vi": "Bán hàng trực tiếp",
            "title_en": "Live sale", "description_vi": "Giảm giá 10%", "description_en": "10% off", "host": "Chị Lan",
            "starts_at": local(starts), "ends_at": local(starts + datetime.timedelta(minutes=minutes)), **extra}


def at_hour(hours_from_now: float) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(hours=hours_from_now)).replace(second=0, microsecond=0)


def test_times_are_typed_on_the_fair_clock_and_overlaps_in_one_booth_are_warned(client, organizer, booth):
    fair = booth.hall.fair
    response = client.post(reverse("studio:session_new", args=[fair.slug]),
                           {**session_fields(booth, at_hour(1)), "starts_at": f"{timezone.localdate():%Y-%m-%d}T20:00",
                            "ends_at": f"{timezone.localdate():%Y-%m-%d}T21:00"})
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at.astimezone(SAIGON).hour == 20  # 20:00 in Hanoi, whatever the server's zone
    response = client.post(reverse("studio:session_new", args=[fair.slug]),
                           {**session_fields(booth, at_hour(1)), "title_en": "Tasting", "kind": "tasting",
                            "starts_at": f"{timezone.localdate():%Y-%m-%d}T20:30", "ends_at": f"{timezone.localdate():%Y-%m-%d}T22:00"},
                           follow=True)
    page = response.content.decode()
    assert "already has “Bán hàng trực tiếp” at an overlapping time" in page
    listing = client.get(reverse("studio:schedule", args=[fair.slug])).content.decode()
    assert listing.count("Overlaps “") == 2  # both sessions carry the warning


def test_bad_sessions_are_refused_with_the_reason(client, organizer, booth):
    fair = booth.hall.fair
    other_hall = make_hall(fair=fair)
    cases = [
        ({"ends_at": local(at_hour(0))}, "A session ends after it starts."),
        ({"hall": other_hall.pk}, "This booth stands in another hall."),
        ({"starts_at": local(at_hour(24 * 30)), "ends_at": local(at_hour(24 * 30 + 1))}, "within the fair&#x27;s dates"),
        ({"hall": "", "booth": ""}, "Choose the hall, or the booth"),
    ]
    for change, reason in cases:
        response = client.post(reverse("studio:session_new", args=[fair.slug]), {**session_fields(booth, at_hour(1)), **change})
        assert response.status_code == 200 and reason in response.content.decode(), reason
    assert not Session.objects.exists()


def test_on_now_and_next_on_the_fair_and_booth_pages_and_over_the_booth_in_the_hall(client, booth):
    Session.objects.create(hall=booth.hall, booth=booth, kind="livestream", title_vi="Bán trực tiếp", title_en="Live sale",
                           starts_at=at_hour(-0.5), ends_at=at_hour(0.5), host="Chị Lan")
    Session.objects.create(hall=booth.hall, kind="talk", title_vi="Nói chuyện", title_en="Talk on OCOP stars",
                           starts_at=at_hour(3), ends_at=at_hour(4))
    Session.objects.create(hall=booth.hall, kind="talk", title_vi="Đã xong", title_en="Already over",
                           starts_at=at_hour(-3), ends_at=at_hour(-2))
    client.cookies["django_language"] = "en"
    fair_page = client.get(reverse("fair:fair", args=[booth.hall.fair.slug])).content.decode()
    now, _, after = fair_page.partition("Next")
    assert "On now" in now and "Live sale" in now and "Quyet Thang honey" in now
    assert "Talk on OCOP stars" in after and "Already over" not in fair_page
    booth_page = client.get(reverse("booths:booth", args=[booth.slug])).content.decode()
    assert "Live sale" in booth_page and "Chị Lan" in booth_page and "Talk on OCOP stars" not in booth_page
    hall_page = client.get(reverse("booths:hall", args=[booth.hall.fair.slug, booth.hall.slug])).content.decode()
    scene = json.loads(hall_page.split('<script id="hall-scene" type="application/json">')[1].split("</script>")[0])
    assert scene["booths"][0]["on"] == "On now · Livestream sale: Live sale"


def test_sessions_of_a_draft_hall_are_nowhere_for_visitors(client, booth):
    hall = make_hall(fair=booth.hall.fair, status="draft")
    secret = Session.objects.create(hall=hall, kind="talk", title_vi="Bí mật", title_en="Secret launch",
                                    starts_at=at_hour(-0.5), ends_at=at_hour(0.5))
    client.cookies["django_language"] = "en"
    assert "Secret launch" not in client.get(reverse("fair:fair", args=[booth.hall.fair.slug])).content.decode()
    assert client.get(reverse("booths:session_ics", args=[secret.pk])).status_code == 404
    calendar = icalendar.Calendar.from_ical(client.get(reverse("booths:fair_ics", args=[booth.hall.fair.slug])).content)
    assert not [e for e in calendar.walk("VEVENT") if "Secret" in str(e["SUMMARY"])]


def test_icalendar_round_trip_of_the_fair_and_of_one_session(client, booth):
    starts = datetime.datetime(2026, 12, 2, 19, 30, tzinfo=SAIGON)
    fair = booth.hall.fair
    long_text = "Mật ong; hoa cà phê, rừng nguyên sinh\nGiảm 10% — " + " ".join(["rất ngon"] * 20)
    session = Session.objects.create(hall=booth.hall, booth=booth, kind="livestream", title_vi="Bán mật ong, trực tiếp",
                                     title_en="", description_vi=long_text, host="Chị Lan",
                                     starts_at=starts, ends_at=starts + datetime.timedelta(minutes=45))
    Session.objects.create(hall=booth.hall, kind="workshop", title_vi="Làm nến sáp ong", starts_at=starts + datetime.timedelta(hours=2),
                           ends_at=starts + datetime.timedelta(hours=3))
    response = client.get(reverse("booths:fair_ics", args=[fair.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))  # folded (RFC 5545)
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert len(events) == 2
    first = events[0]
    assert str(first["SUMMARY"]) == "Bán mật ong, trực tiếp"  # commas escaped and read back
    assert first.decoded("DTSTART") == starts and first.decoded("DTEND") == starts + datetime.timedelta(minutes=45)
    assert str(first["DESCRIPTION"]) == f"Chị Lan\n{long_text}"
    assert "Quyet Thang honey" in str(first["LOCATION"]) or booth.title_vi in str(first["LOCATION"])
    assert str(first["URL"]).endswith(reverse("booths:booth", args=[booth.slug]))
    assert str(first["UID"]) != str(events[1]["UID"])
    one = icalendar.Calendar.from_ical(client.get(reverse("booths:session_ics", args=[session.pk])).content)
    assert [str(e["UID"]) for e in one.walk("VEVENT")] == [str(first["UID"])]


def test_a_livestream_session_names_its_booth_for_the_live_area():
    booth = make_booth()
    session = Session.objects.create(hall=booth.hall, booth=booth, kind=Session.Kind.LIVESTREAM, title_vi="Live",
                                     starts_at=at_hour(1), ends_at=at_hour(2))
    assert list(booth.sessions.filter(kind="livestream")) == [session]
