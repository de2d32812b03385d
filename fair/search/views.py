"""The search page (works without JavaScript) and the suggestions the search box fetches while a visitor types:
thin over fair.search.selectors."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fair import facts
from fair.search import selectors

MAX_PARAM = 500  # characters of a query read from the URL (the selector keeps fewer)


def _page_number(value: str) -> int:
    return int(value) if value.isdigit() and 0 < len(value) < 6 else 1


@require_GET
def search_page(request):
    """/search/?q=…&stars=5&province=son-la&category=honey&price=0-100000&in_stock=1&page=2"""
    query = request.GET.get("q", "")[:MAX_PARAM]
    filters = selectors.SearchFilters.from_params(request.GET)
    results = selectors.search(query=query, filters=filters, user=request.user,
                               page=_page_number(request.GET.get("page", "")))
    if query.strip() and not results.total and not results.booths:
        facts.state(facts.search_found_nothing, query=query)  # analytics keeps the term, not who searched
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "search/search.html", {
        "results": results, "search_query": query, "page_params": params.urlencode(),
    })


@require_GET
def search_suggest(request):
    """What the search box lists under itself while a visitor types (JSON)."""
    query = request.GET.get("q", "")[:MAX_PARAM]
    return JsonResponse({"query": query, "suggestions": selectors.suggestions(query=query, user=request.user)})
