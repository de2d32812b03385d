"""What is on now and next, on the fair's and booths' pages: ``{% on_now fair=fair %}`` or ``{% on_now booth=booth %}``
(the sessions the visitor may see, fair.selectors.session_visible_q)."""

from django import template

from booths import schedule

register = template.Library()


@register.inclusion_tag("booths/_on_now.html", takes_context=True)
def on_now(context, fair=None, booth=None):
    user = context["request"].user
    found = schedule.booth_on_now(booth=booth, user=user) if booth is not None else schedule.fair_on_now(fair=fair, user=user)
    zone = (booth.hall.fair if booth is not None else fair).time_zone
    ics = None if booth is not None else fair.slug
    return {**found, "zone": zone, "fair_slug": ics, "for_booth": booth is not None}
