"""/studio/moderation/: organizers only; hide, show again, mute, lift, all logged and visible on the page."""

import pytest
from django.urls import reverse

from booths.conversations import services as chat
from booths.conversations.models import Message, ModerationAction, Mute
from booths.conversations.selectors import conversation_messages
from tests.factories import make_booth, make_fair, make_hall, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def message():
    booth = make_booth(hall=make_hall(fair=make_fair()))
    conversation = chat.conversation_for_visitor(booth=booth, visitor_id="v" * 32, visitor_name="Lan")
    stored, _ = chat.message_send(conversation=conversation, sender="visitor", client_id="c-1", text="Spam spam")
    return stored


def urls(message, mute_id=1):
    return [("get", reverse("studio:moderation")),
            ("post", reverse("studio:message_hide", args=[message.id])),
            ("post", reverse("studio:message_unhide", args=[message.id])),
            ("post", reverse("studio:visitor_mute", args=[message.id])),
            ("post", reverse("studio:visitor_unmute", args=[mute_id]))]


def test_every_moderation_url_is_for_organizers_only(client, message):
    for method, url in urls(message):
        response = getattr(client, method)(url, {"reason": "x", "scope": "booth", "minutes": "60"})
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"], url
    other = make_booth()
    for user in (make_user(), make_user(producer=message.conversation.booth.producer), make_user(producer=other.producer)):
        client.force_login(user)
        for method, url in urls(message):
            assert getattr(client, method)(url, {"reason": "x", "scope": "booth", "minutes": "60"}).status_code == 403, url
    assert ModerationAction.objects.count() == 0 and Mute.objects.count() == 0
    message.refresh_from_db()
    assert message.hidden_at is None


def test_an_organizer_hides_mutes_and_undoes_both_and_the_log_says_who_and_why(client, message):
    organizer = make_user("thu-ha", organizer=True)
    client.force_login(organizer)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("studio:moderation")).content.decode()
    assert "Spam spam" in page and "Lan" in page

    response = client.post(reverse("studio:message_hide", args=[message.id]), {"reason": "   "}, follow=True)
    assert "Say why" in response.content.decode()
    client.post(reverse("studio:message_hide", args=[message.id]), {"reason": "Advertising"})
    message.refresh_from_db()
    assert message.hidden_reason == "Advertising" and message.hidden_by == organizer
    assert conversation_messages(conversation=message.conversation) == []  # gone for the visitor and the console
    page = client.get(reverse("studio:moderation")).content.decode()
    assert "Hidden: Advertising" in page

    client.post(reverse("studio:visitor_mute", args=[message.id]), {"scope": "fair", "minutes": "1440", "reason": "Spam"})
    mute = Mute.objects.get()
    assert mute.scope == "fair" and mute.fair_id == message.conversation.booth.hall.fair_id and mute.visitor_id == "v" * 32
    page = client.get(reverse("studio:moderation")).content.decode()
    assert "The whole fair" in page

    client.post(reverse("studio:message_unhide", args=[message.id]), {})
    client.post(reverse("studio:visitor_unmute", args=[mute.id]), {"reason": "Apologised"})
    message.refresh_from_db()
    mute.refresh_from_db()
    assert message.hidden_at is None and mute.lifted_by == organizer
    log = list(ModerationAction.objects.order_by("id").values_list("action", "actor_name", "actor_role", "reason"))
    assert log == [("hide", "thu-ha", "organizer", "Advertising"), ("mute", "thu-ha", "organizer", "Spam"),
                   ("unhide", "thu-ha", "organizer", ""), ("unmute", "thu-ha", "organizer", "Apologised")]
    page = client.get(reverse("studio:moderation")).content.decode()
    assert "Nobody is muted." in page and "Lifted a mute" in page and "Hid a message" in page
    # Undoing twice changes nothing and says so.
    response = client.post(reverse("studio:visitor_unmute", args=[mute.id]), {}, follow=True)
    assert "Nothing to change" in response.content.decode() and ModerationAction.objects.count() == 4


def test_a_producers_staff_may_not_mute_in_the_whole_fair(message):
    from booths.conversations import moderation
    from fair.errors import ClientError

    staff = make_user(producer=message.conversation.booth.producer)
    with pytest.raises(ClientError) as refused:
        moderation.visitor_mute(booth=message.conversation.booth, visitor_id="v" * 32, user=staff, scope="fair",
                                minutes=60, reason="Spam")
    assert refused.value.code == "forbidden" and Mute.objects.count() == 0
    mute = moderation.visitor_mute(booth=message.conversation.booth, visitor_id="v" * 32, user=staff, scope="booth",
                                   minutes=60, reason="Spam")
    with pytest.raises(ClientError) as muted:
        chat.message_send(conversation=message.conversation, sender="visitor", client_id="c-2", text="again")
    assert muted.value.code == "muted" and muted.value.details["client_id"] == "c-2"
    assert Message.objects.count() == 1 and mute.booth == message.conversation.booth
