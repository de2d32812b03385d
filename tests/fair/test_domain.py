"""Rules of the fair domain: which fair is current, texts in two languages, hall layouts, roles."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from fair import selectors
from fair.models import Fair, Hall
from fair.services import hall_layout_positions, roles_ensure
from fair.text import localized
from tests.factories import make_fair, make_product, make_user

pytestmark = pytest.mark.django_db


def test_current_fair_prefers_the_one_open_today(django_user_model):
    today = timezone.localdate()
    make_fair(slug="old", status=Fair.Status.CLOSED, starts_on=today - datetime.timedelta(days=90),
              ends_on=today - datetime.timedelta(days=60))
    make_fair(slug="next", status=Fair.Status.PUBLISHED, starts_on=today + datetime.timedelta(days=10),
              ends_on=today + datetime.timedelta(days=20))
    assert selectors.fair_current(user=None).slug == "next"
    make_fair(slug="now", status=Fair.Status.OPEN)
    assert selectors.fair_current(user=None).slug == "now"


def test_only_closed_fairs_left_shows_the_latest():
    today = timezone.localdate()
    make_fair(slug="a", status=Fair.Status.CLOSED, starts_on=today - datetime.timedelta(days=90),
              ends_on=today - datetime.timedelta(days=80))
    make_fair(slug="b", status=Fair.Status.CLOSED, starts_on=today - datetime.timedelta(days=30),
              ends_on=today - datetime.timedelta(days=20))
    assert selectors.fair_current(user=None).slug == "b"


def test_localized_falls_back_to_the_other_language():
    product = make_product(name_vi="Mật ong", name_en="")
    assert localized(product, "name", "en") == "Mật ong"
    product.name_en = "Honey"
    assert localized(product, "name", "en") == "Honey"
    assert localized(product, "name", "vi") == "Mật ong"


def test_database_refuses_negative_stock_and_bad_stars():
    product = make_product()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(product).objects.filter(pk=product.pk).update(stock=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(product).objects.filter(pk=product.pk).update(stars=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(product).objects.filter(pk=product.pk).update(stars=5, certificate_level="province")


@pytest.mark.parametrize("layout", [choice for choice, _ in Hall.Layout.choices])
@pytest.mark.parametrize("count", [1, 5, 13, 40])
def test_hall_layouts_give_every_booth_its_own_spot(layout, count):
    positions = hall_layout_positions(layout=layout, count=count)
    assert len(positions) == count
    spots = {(x, z) for x, z, _ in positions}
    assert len(spots) == count
    for i, (x1, z1, _) in enumerate(positions):
        for x2, z2, _ in positions[i + 1:]:
            assert ((x1 - x2) ** 2 + (z1 - z2) ** 2) ** 0.5 >= 5.9  # booths 4 m wide, room to walk between


def test_roles_are_created_once_with_their_permissions():
    roles_ensure()
    roles_ensure()
    organizers = Group.objects.get(name=selectors.ORGANIZERS_GROUP)
    staff = Group.objects.get(name=selectors.PRODUCER_STAFF_GROUP)
    assert organizers.permissions.filter(codename="change_fair").exists()
    assert staff.permissions.filter(codename="change_product").exists()
    assert not staff.permissions.filter(codename="change_fair").exists()
    assert not staff.permissions.filter(codename="add_booth").exists()
    assert selectors.user_is_organizer(make_user(organizer=True))
    assert not selectors.user_is_organizer(make_user())
