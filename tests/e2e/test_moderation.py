"""Moderation live on real pages: a visitor's booth page, the producer's console and an organizer's studio.
A hidden message disappears from every open page; a muted visitor sees why, and what they typed is not lost."""

BOOTH = "/booths/mat-ong-quyet-thang/"


def write(page, text, form="#chat"):
    page.bring_to_front()  # several windows are open: the one written in is in front, as a person's would be
    page.fill(f"{form} textarea", text)
    page.press(f"{form} textarea", "Enter")


def test_hide_and_mute_from_the_console_and_the_studio_reach_the_visitor_live(browser, site, console_of):
    from booths.conversations.models import Message, ModerationAction
    from tests.factories import make_user
    from tests.realtime.helpers import user_session

    visitor_context = browser.new_context()
    visitor_context.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    visitor = visitor_context.new_page()
    errors = []
    visitor.on("pageerror", lambda error: errors.append(str(error)))
    visitor.goto(site + BOOTH)
    visitor.locator("#chat").wait_for(state="visible")
    console = console_of("mat-ong-quyet-thang")
    visitor.locator(".chat-presence.online").wait_for(timeout=30000)
    visitor.fill("#chat input[name=name]", "Spammer")
    write(visitor, "Buy cheap followers at spam.example")
    write(visitor, "Is the honey raw?")
    visitor.locator(".message.mine .state", has_text="Sent").nth(1).wait_for(timeout=30000)

    # The producer hides the advert from the console, with a reason.
    console.locator(".conversation").first.click()
    thread = console.locator(".console-thread .chat-messages")
    advert = thread.locator(".message", has_text="spam.example")
    advert.locator(".hide-message").click()
    advert.locator(".hide-form input[name=reason]").fill("Quảng cáo")
    advert.locator(".hide-form button[type=submit]").click()
    visitor.locator("#chat .message", has_text="spam.example").wait_for(state="detached", timeout=30000)
    thread.locator(".message", has_text="spam.example").wait_for(state="detached", timeout=30000)
    assert visitor.locator("#chat .message p").all_inner_texts() == ["Is the honey raw?"]

    # An organizer hides the other one from the studio: gone from the open pages too.
    organizer = make_user("moderator", organizer=True)
    studio_context = browser.new_context()
    studio_context.add_cookies([{"name": "sessionid", "value": user_session(organizer), "url": site},
                                {"name": "django_language", "value": "en", "url": site}])
    studio = studio_context.new_page()
    studio.goto(site + "/studio/moderation/")
    row = studio.locator("tr", has_text="Is the honey raw?")
    hide = row.locator("form[action$='/hide/']")
    hide.locator("input[name=reason]").fill("Off topic")
    hide.locator("button").click(no_wait_after=True)
    studio.locator(".studio-message", has_text="hidden from every page").wait_for()
    visitor.locator("#chat .message", has_text="honey raw").wait_for(state="detached", timeout=30000)
    thread.locator(".message", has_text="honey raw").wait_for(state="detached", timeout=30000)
    assert studio.locator(".moderation-log tr[data-action=hide]").count() == 2

    # The producer mutes the visitor in the booth; the visitor's next message is refused, said in English,
    # and its text comes back into the box.
    console.locator(".console-mute summary").click()
    console.locator(".console-mute input[name=reason]").fill("Tin nhắn rác")
    console.locator(".console-mute .mute-send").click()
    console.locator(".console-mute .mute-status").wait_for(state="visible")
    console.wait_for_function("document.querySelector('.console-mute .mute-status').textContent.length > 0")
    write(visitor, "Why was my message removed?")
    visitor.locator(".message.refused .state", has_text="Not sent").wait_for(timeout=30000)
    status = visitor.locator(".chat-status")
    assert "paused your messages in this booth" in status.inner_text() and "Tin nhắn rác" in status.inner_text()
    assert visitor.input_value("#chat textarea") == "Why was my message removed?"
    assert visitor.evaluate("window.fairChat.pending()") == 0  # not resent forever
    assert Message.objects.filter(text__contains="removed").count() == 0
    assert ModerationAction.objects.filter(action="mute", actor_role="producer").count() == 1

    # The organizer lifts the mute: the visitor writes again.
    studio.reload()
    studio.locator(".moderation-mutes button", has_text="Lift the mute").click(no_wait_after=True)
    studio.locator(".studio-message", has_text="may write again").wait_for()
    write(visitor, "Sorry, one question about honey")
    thread.locator(".message", has_text="one question about honey").wait_for(timeout=30000)
    assert errors == []
    visitor_context.close()
    studio_context.close()
