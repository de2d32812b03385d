"""The big fair for measuring big halls (`load_demo_fair --booths N`): built, idempotent, and a hall page that grows
by less than 1 KB (gzipped) per booth."""

import gzip

import pytest
from django.core.management import call_command
from django.urls import reverse

from booths.models import Booth, Product
from fair.models import Hall

pytestmark = pytest.mark.django_db


def test_the_big_fair_has_halls_of_50_booths_with_models_and_loads_again_changing_nothing(capsys):
    call_command("load_demo_fair", "--booths", "60")
    assert "73 booths" in capsys.readouterr().out  # the demo's 13 and the big fair's 60
    halls = Hall.objects.filter(fair__slug="ocop-toan-quoc-2026").order_by("order")
    assert [hall.booths.count() for hall in halls] == [50, 10]
    products = Product.objects.filter(booth__hall__in=halls)
    assert products.count() == 120 and not products.filter(model_glb="").exists()
    assert products.first().images.count() == 1
    # Every booth stands inside its hall's floor, apart from its neighbours.
    for hall in halls:
        spots = list(hall.booths.values_list("position_x", "position_z"))
        assert len(set(spots)) == len(spots)
        assert all(abs(x) < hall.floor_width / 2 and abs(z) < hall.floor_depth / 2 for x, z in spots)
    call_command("load_demo_fair", "--booths", "60")
    assert "nothing changed" in capsys.readouterr().out
    assert Booth.objects.filter(hall__in=halls).count() == 60


def test_the_hall_page_grows_by_less_than_a_kilobyte_per_booth(client, settings):
    settings.HALL_CACHE_SECONDS = 0
    call_command("load_demo_fair", "--booths", "60")
    sizes = {}
    for slug in ("khu-01", "khu-02"):  # 50 booths and 10 booths
        response = client.get(reverse("booths:hall", args=["ocop-toan-quoc-2026", slug]))
        assert response.status_code == 200
        sizes[slug] = len(gzip.compress(response.content))
    per_booth = (sizes["khu-01"] - sizes["khu-02"]) / 40
    assert 0 < per_booth <= 1024, sizes


def test_a_wrong_number_of_booths_is_refused_with_a_reason():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="0 to 5000"):
        call_command("load_demo_fair", "--booths", "-3")
