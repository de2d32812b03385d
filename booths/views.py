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
