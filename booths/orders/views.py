"""Pages of ordering: checkout (with or without JavaScript), a visitor's orders, finding and cancelling one."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from booths import selectors as catalogue
from booths.orders import selectors, services
from booths.orders.forms import CheckoutForm, FindOrderForm
from booths.orders.payments import vietqr
from booths.services import producer_can_act
from fair.errors import ClientError
from fair.throttle import Throttle

# Finding an order by number and phone must not be a way to guess other people's orders: 10 misses per browser
# and per address in 15 minutes (a buyer mistyping a few times is never stopped).
ORDER_GUESSES = Throttle("order-find", limit=10, window=15 * 60)


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


LINE_PROBLEMS = {"sold_out", "bad_quantity", "empty_order", "too_many_lines", "unknown_product", "bad_line"}


def checkout(request, booth_slug):
    """Order from a booth without JavaScript or over its socket: quantities, contact, payment; the server prices it.
    Every problem is said at its field: a quantity beyond the stock at its line, a missing phone at the phone."""
    booth = catalogue.booth_get(slug=booth_slug, user=request.user)
    products = list(catalogue.booth_products(booth=booth))
    data = request.POST if request.method == "POST" else request.GET
    lines = _lines_from(data, products)
    quantities = {line["product"]: line["quantity"] for line in lines}
    transfer_problem = vietqr.transfer_problem(booth.producer)
    form = CheckoutForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex}, transfer_problem=transfer_problem)
    lines_error, quote = None, None
    if lines:
        try:
            quote = services.order_quote(booth=booth, lines=lines)
        except ClientError as problem:
            lines_error = problem.message
    short = {line["product"]: line["stock"] for line in (quote or {}).get("lines", []) if not line["available"]}
    placing = request.method == "POST" and request.POST.get("action") == "place"
    if placing and not lines:
        lines_error = gettext("Choose at least one product.")
    if placing and form.is_valid() and not lines_error and not short:
        try:
            order, _ = services.order_place(
                booth=booth, visitor_id=request.visitor_id, lines=lines,
                contact={key: form.cleaned_data[key] for key in ("name", "phone", "address", "note", "payment")},
                idempotency_key=form.cleaned_data["idempotency_key"])
            return redirect("orders:order", number=order.number)
        except ClientError as problem:
            if problem.code in LINE_PROBLEMS:
                lines_error = problem.message
            else:
                form.add_error(None, problem.message)
    rows = [{"product": p, "quantity": quantities.get(p.slug, 0),
             "short": short.get(p.slug) if quantities.get(p.slug, 0) else None} for p in products]
    problems = bool(lines_error or short or (placing and form.errors))
    return render(request, "orders/checkout.html", {
        "booth": booth, "rows": rows, "form": form, "quote": quote, "lines_error": lines_error,
        "producer": booth.producer, "problems": problems, "transfer_problem": transfer_problem,
    }, status=400 if lines_error or (placing and problems) else 200)


def _visitor_order(request, number):
    order = selectors.order_for_visitor(number=number, visitor_id=request.visitor_id,
                                        claimed=selectors.orders_claimed(session=request.session))
    if order is None:
        raise Http404("No such order.")
    return order


def orders_mine(request):
    """The visitor's orders from this browser, and the form to find one by number and phone."""
    orders = selectors.orders_of_visitor(visitor_id=request.visitor_id,
                                         claimed=selectors.orders_claimed(session=request.session))
    return render(request, "orders/orders.html", {"orders": orders, "find": FindOrderForm()})


def order_find(request):
    """Find an order from any device by its number and the phone it was placed with."""
    form = FindOrderForm(request.POST or None)
    status = 200
    if request.method == "POST" and ORDER_GUESSES.blocked(request):
        form.is_valid()
        form.add_error(None, gettext("Too many tries to find an order from this browser or network: wait %(minutes)s "
                                     "minutes, then try again with the number and phone on your order.")
                       % {"minutes": ORDER_GUESSES.minutes})
        status = 429
    elif request.method == "POST" and form.is_valid():
        order = selectors.order_find(number=form.cleaned_data["number"], phone=form.cleaned_data["phone"])
        if order is not None:
            services.order_claim(session=request.session, order=order)
            return redirect("orders:order", number=order.number)
        ORDER_GUESSES.failed(request)
        form.add_error(None, gettext("No order with this number and phone."))
    orders = selectors.orders_of_visitor(visitor_id=request.visitor_id,
                                         claimed=selectors.orders_claimed(session=request.session))
    status = status if status != 200 else (400 if form.errors else 200)
    return render(request, "orders/orders.html", {"orders": orders, "find": form}, status=status)


def order_detail(request, number):
    """One of the visitor's orders: lines, total, payment (a VietQR code until it is paid), and its status live."""
    order = _visitor_order(request, number)
    payload = services.order_payload(order)
    qr = payload["bank"]["qr"] if payload["bank"] else ""
    return render(request, "orders/order.html", {
        "order": order, "producer": order.booth.producer, "order_payload": payload, "bank": payload["bank"],
        "qr_svg": vietqr.svg(qr, title=gettext("VietQR code to pay order %(number)s") % {"number": order.number}) if qr else "",
    })


def _order_for_reader(request, number):
    """The order for its visitor (this browser or claimed), or for its producer's staff: who may print or pay it."""
    if request.user.is_authenticated:
        order = selectors.order_by_number(number)
        if order is not None and producer_can_act(user=request.user, producer=order.booth.producer):
            return order
    return _visitor_order(request, number)


def order_qr(request, number):
    """The VietQR code of a transfer order as a PNG (to save in a banking app's gallery, or print)."""
    order = _order_for_reader(request, number)
    payload = services.order_payload(order)
    if not payload["bank"] or not payload["bank"]["qr"]:
        raise Http404("This order is not paid by bank transfer.")
    response = HttpResponse(vietqr.png(payload["bank"]["qr"]), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = f'inline; filename="vietqr-{order.number}.png"'
    return response


def order_receipt(request, number):
    """A printable receipt of one order, in the reader's language, with its products' OCOP certificates."""
    order = _order_for_reader(request, number)
    return render(request, "orders/receipt.html", {
        "order": order, "producer": order.booth.producer, "lines": list(order.lines.all()),
        "paid": order.payments.filter(outcome__in=("matched", "manual")).first(),
    })


def order_cancel(request, number):
    """The visitor cancels an order that is only placed (a plain form post)."""
    if request.method != "POST":
        return redirect("orders:order", number=number)
    order = _visitor_order(request, number)
    try:
        services.order_transition(order=order, to="cancelled", actor="visitor", reason=request.POST.get("reason", ""))
    except ClientError as problem:
        messages.error(request, problem.message)
    return redirect("orders:order", number=number)
