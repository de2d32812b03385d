"""Property-based: any sequence of place / confirm / ship / deliver / cancel / restock keeps the books straight.

Invariants after every step: stock is never negative, and for each product
stock + quantities in orders that are not cancelled == initial stock + restocks.
"""

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from booths.models import Product
from booths.orders import services
from booths.orders.models import Order, OrderLine
from fair.errors import ClientError
from tests.factories import make_booth, make_product, make_user

CONTACT = {"name": "Lan", "phone": "0912345678", "address": "12 Hàng Bạc, Hà Nội", "note": "", "payment": "cod"}


class OrderBooks(RuleBasedStateMachine):
    @initialize(stocks=st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=3))
    def open_booth(self, stocks):
        self.booth = make_booth()
        self.staff = make_user(producer=self.booth.producer)
        self.products = [make_product(booth=self.booth, stock=stock) for stock in stocks]
        self.added = {p.pk: p.stock for p in self.products}  # initial stock plus restocks
        self.keys = 0
        self.visitor = f"visitor-{self.booth.pk}"  # examples share the database: keys are per visitor

    @rule(data=st.data())
    def place(self, data):
        lines = data.draw(st.lists(st.tuples(st.sampled_from(self.products), st.integers(1, 4)), min_size=1, max_size=3))
        self.keys += 1
        try:
            services.order_place(booth=self.booth, visitor_id=self.visitor, contact=CONTACT, idempotency_key=f"key-{self.keys:06d}",
                                 lines=[{"product": p.slug, "quantity": q} for p, q in lines])
        except ClientError as error:
            assert error.code == "sold_out"

    @rule(data=st.data(), to=st.sampled_from(["confirmed", "shipped", "delivered", "cancelled"]),
          actor=st.sampled_from(["producer", "visitor"]))
    def move(self, data, to, actor):
        orders = list(Order.objects.filter(booth=self.booth).order_by("pk"))
        if not orders:
            return
        order = data.draw(st.sampled_from(orders))
        try:
            services.order_transition(order=order, to=to, actor=actor, user=self.staff, reason="test")
        except ClientError as error:
            assert error.code in ("illegal_transition", "forbidden")

    @rule(data=st.data(), extra=st.integers(0, 5))
    def restock(self, data, extra):
        product = data.draw(st.sampled_from(self.products))
        current = Product.objects.get(pk=product.pk).stock
        services.product_set_stock(product=product, user=self.staff, stock=current + extra)
        self.added[product.pk] += extra

    @invariant()
    def books_balance(self):
        if not hasattr(self, "booth"):
            return
        for product in Product.objects.filter(pk__in=self.added):
            assert product.stock >= 0
            held = sum(OrderLine.objects.filter(product=product).exclude(order__status="cancelled")
                       .values_list("quantity", flat=True))
            assert product.stock + held == self.added[product.pk]


@pytest.mark.django_db
def test_order_books_always_balance():
    OrderBooks.TestCase.settings = settings(max_examples=25, stateful_step_count=20, deadline=None,
                                            suppress_health_check=list(HealthCheck))
    OrderBooks.TestCase().runTest()
