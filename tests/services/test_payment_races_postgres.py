"""Payments racing each other and the expiry on PostgreSQL: row locks and the unique transaction id decide."""

import pytest
from django.db import connection

from tests.booths.orders import test_payment_races as scenarios

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def on_postgresql():
    assert connection.vendor == "postgresql"


def test_the_same_notification_twice_at_once_is_stored_once():
    scenarios.scenario_the_same_notification_twice_at_once_is_stored_once()


def test_two_payments_at_once_one_pays_the_other_is_flagged():
    scenarios.scenario_two_payments_at_once_one_pays_the_other_is_flagged()


def test_expiry_racing_a_payment_exactly_one_wins_and_stock_comes_back_at_most_once():
    scenarios.scenario_expiry_racing_a_payment_exactly_one_wins()


def test_expiry_twice_at_once_restores_stock_once():
    scenarios.scenario_expiry_twice_at_once_restores_stock_once()
