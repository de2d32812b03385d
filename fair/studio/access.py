"""Who may open the studio: organizers only. Every studio view is wrapped by ``organizer_view``."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from fair.selectors import user_is_organizer, user_signed_in


def organizer_view(view):
    """Sign in first (back to the same page); then organizers only, anyone else gets a 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not user_signed_in(request.user):
            return redirect_to_login(request.get_full_path())
        if not user_is_organizer(request.user):
            raise PermissionDenied("The studio is for the fair's organizers.")
        return view(request, *args, **kwargs)

    return wrapped
