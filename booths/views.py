"""Pages of booths and products: thin over booths.selectors."""

from django.shortcuts import render

from booths import selectors


def booth_detail(request, booth_slug):
    """A booth: its products, its producer's story and its production-process tour."""
    booth = selectors.booth_get(slug=booth_slug, user=request.user)
    steps = selectors.booth_tour_steps(booth=booth)
    return render(request, "booths/booth.html", {
        "booth": booth,
        "products": selectors.booth_products(booth=booth),
        "steps": steps,
        "tour_data": selectors.booth_tour_data(steps=steps),
    })


def product_detail(request, product_slug):
    """A product: images, story, OCOP certificate and traceability."""
    product = selectors.product_get(slug=product_slug, user=request.user)
    return render(request, "booths/product.html", {
        "product": product, "booth": product.booth, "spin_frames": selectors.product_spin_frames(product=product),
    })


def producer_console(request):
    """The producer's console (made for a phone): conversations, visitors now, replies, online/away."""
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    producer_ids = selectors.producers_of(user=request.user)
    if not producer_ids:
        raise PermissionDenied("Only producer staff have a console.")
    from booths.models import Producer

    return render(request, "booths/console.html", {"producers": Producer.objects.filter(id__in=producer_ids)})
