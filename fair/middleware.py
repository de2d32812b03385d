"""Gives every visitor an anonymous identity kept in their session."""

import uuid

VISITOR_KEY = "visitor_id"


def visitor_id(session) -> str:
    """The visitor id kept in this session, created on first use."""
    if not session.get(VISITOR_KEY):
        session[VISITOR_KEY] = uuid.uuid4().hex
    return session[VISITOR_KEY]


def visitor_id_known(session) -> str | None:
    """The visitor id this session already has, or None (a socket never makes one: pages do)."""
    return session.get(VISITOR_KEY)


class VisitorMiddleware:
    """Sets request.visitor_id: the same for one browser across pages, reloads and sockets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.visitor_id = visitor_id(request.session)
        return self.get_response(request)
