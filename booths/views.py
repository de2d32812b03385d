"""Pages of booths, products, orders and the producer's console: thin over booths.services and booths.selectors."""

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from booths import selectors, services
from booths.forms import CheckoutForm, FindOrderForm
from booths.models import Producer
from fair.errors import ClientError


def booth_detail(request, booth_slug):
    """A booth: its products, its producer's story and its production-process tour."""
    booth = selectors.booth_get(slug=booth_slug, user=request.user)
    steps = selectors.booth_tour_steps(booth=booth)
    return render(request, "booths/booth.html", {
        "booth": booth,
        "products": selectors.booth_products(booth=booth),
        "steps": steps,
        "tour_data": selectors.booth_tour_data(steps=steps),
        "videos": booth.videos.all(),
    })


def booth_vr(request, booth_slug):
    """What a headset visitor at the booth reads and tours (fetched by the VR mode of the hall): its products
    with their story (the featured one, with a 3D model, first) and its process tour."""
    from fair.text import localized

    booth = selectors.booth_get(slug=booth_slug, user=request.user)
    products = sorted(selectors.booth_products(booth=booth), key=lambda p: (not p.model_glb, p.order, p.id))
    return JsonResponse({
        "products": [{"slug": p.slug, "name": localized(p, "name"), "story": localized(p, "story"), "stars": p.stars,
                      "price_vnd": p.price_vnd, "sold_out": p.sold_out} for p in products],
        "tour": selectors.booth_tour_data(steps=selectors.booth_tour_steps(booth=booth)),
    })


def product_detail(request, product_slug):
    """A product: images, story, OCOP certificate and traceability."""
    product = selectors.product_get(slug=product_slug, user=request.user)
    return render(request, "booths/product.html", {
        "product": product, "booth": product.booth, "spin_frames": selectors.product_spin_frames(product=product),
    })


def producer_console(request):
    """The producer's console (made for a phone): conversations, visitors now, replies, online/away."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    producer_ids = selectors.producers_of(user=request.user)
    if not producer_ids:
        raise PermissionDenied("Only producer staff have a console.")

    return render(request, "booths/console.html", {"producers": Producer.objects.filter(id__in=producer_ids)})


# Orders -------------------------------------------------------------------------------

def _lines_from(data, products) -> list[dict]:
    lines = []
    for product in products:
        raw = data.get(f"line-{product.slug}", "")
        try:
            quantity = int(raw) if raw not in ("", None) else 0
        except ValueError:
            quantity = -1  # the service says what is wrong with it
        if quantity:
            lines.append({"product": product.slug, "quantity": quantity})
    return lines


def checkout(request, booth_slug):
    """Order from a booth without JavaScript or over its socket: quantities, contact, payment; the server prices it."""
    booth = selectors.booth_get(slug=booth_slug, user=request.user)
    products = list(selectors.booth_products(booth=booth))
    data = request.POST if request.method == "POST" else request.GET
    lines = _lines_from(data, products)
    quantities = {line["product"]: line["quantity"] for line in lines}
    form = CheckoutForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    error, quote = None, None
    if lines:
        try:
            quote = services.order_quote(booth=booth, lines=lines)
        except ClientError as problem:
            error = problem.message
    if request.method == "POST" and request.POST.get("action") == "place":
        if form.is_valid() and not error:
            try:
                order, _ = services.order_place(
                    booth=booth, visitor_id=request.visitor_id, lines=lines,
                    contact={key: form.cleaned_data[key] for key in ("name", "phone", "address", "note", "payment")},
                    idempotency_key=form.cleaned_data["idempotency_key"])
                return redirect("booths:order", number=order.number)
            except ClientError as problem:
                error = problem.message
        elif not error:
            error = _checkout_problem()
    rows = [{"product": p, "quantity": quantities.get(p.slug, 0)} for p in products]
    return render(request, "booths/checkout.html", {
        "booth": booth, "rows": rows, "form": form, "quote": quote, "error": error,
        "producer": booth.producer,
    }, status=400 if error else 200)


def _checkout_problem():

    return gettext("Please fill in your name, phone, delivery address and payment.")


def orders_mine(request):
    """The visitor's orders from this browser, and the form to find one by number and phone."""
    orders = selectors.orders_of_visitor(visitor_id=request.visitor_id, claimed=request.session.get("claimed_orders", []))
    return render(request, "booths/orders.html", {"orders": orders, "find": FindOrderForm()})


def order_find(request):
    """Find an order from any device by its number and the phone it was placed with."""
    form = FindOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        order = selectors.order_find(number=form.cleaned_data["number"], phone=form.cleaned_data["phone"])
        if order is not None:
            claimed = list(request.session.get("claimed_orders", []))
            if order.number not in claimed:
                request.session["claimed_orders"] = (claimed + [order.number])[-50:]
            return redirect("booths:order", number=order.number)
        form.add_error(None, gettext("No order with this number and phone."))
    orders = selectors.orders_of_visitor(visitor_id=request.visitor_id, claimed=request.session.get("claimed_orders", []))
    return render(request, "booths/orders.html", {"orders": orders, "find": form}, status=400 if form.errors else 200)


def order_detail(request, number):
    """One of the visitor's orders: lines, total, payment, and its status live."""
    order = selectors.order_for_visitor(number=number, visitor_id=request.visitor_id,
                                        claimed=request.session.get("claimed_orders", []))
    if order is None:
        raise Http404("No such order.")

    return render(request, "booths/order.html", {"order": order, "producer": order.booth.producer,
                                                 "order_payload": services.order_payload(order)})


def order_cancel(request, number):
    """The visitor cancels an order that is only placed (a plain form post)."""
    if request.method != "POST":
        return redirect("booths:order", number=number)
    order = selectors.order_for_visitor(number=number, visitor_id=request.visitor_id,
                                        claimed=request.session.get("claimed_orders", []))
    if order is None:
        raise Http404("No such order.")
    try:
        services.order_transition(order=order, to="cancelled", actor="visitor", reason=request.POST.get("reason", ""))
    except ClientError as problem:
        messages.error(request, problem.message)
    return redirect("booths:order", number=number)
