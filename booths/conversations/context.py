"""Chat limits for every template (message and name fields), from the rules that enforce them."""

from booths.conversations import services


def chat_limits(request) -> dict:
    return {"CHAT_LIMITS": {"max_text": services.MAX_TEXT, "max_name": services.MAX_NAME}}
