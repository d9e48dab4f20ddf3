"""Pieces of shop.apps.core.seo and the map's settings, without pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.apps.core import places, seo
from shop.settings.base import map_tile_sources
from tests.factories import VendorFactory
from tests.factories.delivery import PickupPointFactory, serving


def test_tiles_allowed_by_the_csp_only_when_set():
    assert map_tile_sources("") == []
    assert map_tile_sources("/tiles/{z}/{x}/{y}.png") == []
    assert map_tile_sources("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == [
        "https://tile.openstreetmap.org"
    ]
    assert map_tile_sources("https://{s}.tile.example.fr/{z}/{x}/{y}.png") == [
        "https://*.tile.example.fr"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Court.</p>", "Court."),
        ("Savon &amp; bougie", "Savon & bougie"),
        ("Une phrase. " + "Mot " * 60, "Une phrase."),
        ("mot " * 60, ("mot " * 40)[:159].rsplit(" ", 1)[0] + "…"),
    ],
)
def test_meta_description(text, expected):
    assert seo.meta_description(text) == expected


def test_money_is_a_two_decimal_string():
    assert seo.money("4.8") == "4.80"
    assert seo.money(12) == "12.00"


def count_queries(function, *args):
    with CaptureQueriesContext(connection) as queries:
        result = function(*args)
    return len(queries), result


@pytest.mark.django_db
def test_map_places_take_one_query_per_kind():
    first = VendorFactory()
    PickupPointFactory()
    few, result = count_queries(places.artisans_and_points)
    assert len(result) == 2
    for _ in range(5):
        serving(VendorFactory(), PickupPointFactory())

    many, result = count_queries(places.artisans_and_points)

    assert len(result) == 12
    assert many == few
    serving(first, PickupPointFactory())
    few, result = count_queries(places.storefront_places, first)
    assert [place["kind"] for place in result] == ["artisan", "drive"]
    assert few == 1
