"""Page views, counted by the server as it serves them: a booth's, a product's, a hall's and a fair's page."""

from fair.analytics import recorder

PAGES = {  # view name → how the flush finds the place from the URL's arguments
    "booths:booth": lambda kw: {"booth_slug": kw["booth_slug"]},
    "booths:product": lambda kw: {"product_slug": kw["product_slug"]},
    "booths:hall": lambda kw: {"hall_slug": (kw["fair_slug"], kw["hall_slug"])},
    "fair:fair": lambda kw: {"fair_slug": kw["fair_slug"]},
}


class PageViewMiddleware:
    """After VisitorMiddleware: a successful GET of a fair, hall, booth or product page is one page view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (match is not None and match.view_name in PAGES and request.method == "GET"
                and response.status_code == 200 and getattr(request, "visitor_id", None)):
            recorder.record("page", visitor_id=request.visitor_id, ref=PAGES[match.view_name](match.kwargs))
        return response
