"""The near-me box takes any commune of the official list, by name or by
postcode, and sorts the products by distance from it."""

from decimal import Decimal as D

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import VendorFactory, create_artisan_product
from tests.factories.geo import CommuneFactory

pytestmark = pytest.mark.django_db
CATALOGUE = "/boutique/catalogue/"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def products():
    # Two workshops: Nice (far east) and Arles (far west); no artisan nor
    # pickup point in Cavaillon or Menton, the communes typed below.
    nice = VendorFactory(
        partner__name="Verrerie de Nice",
        commune="Nice",
        latitude=D("43.7034"),
        longitude=D("7.2663"),
    )
    arles = VendorFactory(
        partner__name="Santons d'Arles",
        commune="Arles",
        latitude=D("43.6766"),
        longitude=D("4.6278"),
    )
    return (
        create_artisan_product(nice, title="Verre soufflé"),
        create_artisan_product(arles, title="Santon arlésien"),
    )


@pytest.fixture
def communes():
    CommuneFactory(
        insee="84035",
        name="Cavaillon",
        latitude=D("43.8375"),
        longitude=D("5.0381"),
        postcodes=["84300"],
    )
    CommuneFactory(
        insee="06083",
        name="Menton",
        latitude=D("43.7747"),
        longitude=D("7.4975"),
        postcodes=["06500"],
    )


def titles(response):
    return [
        getattr(item, "title", None) or item.product.title
        for item in response.context["products"]
    ]


@pytest.mark.parametrize(
    ("typed", "nearest"),
    [
        ("84300", "Santon arlésien"),
        ("06500", "Verre soufflé"),
        ("cavaillon", "Santon arlésien"),
        ("MENTON", "Verre soufflé"),
    ],
)
def test_a_postcode_or_a_commune_sorts_products_by_distance(
    english, products, communes, typed, nearest
):
    response = english.get(CATALOGUE, {"near": typed, "sort_by": "distance"})

    assert response.status_code == 200
    found = titles(response)
    assert found[0] == nearest
    assert sorted(found) == ["Santon arlésien", "Verre soufflé"]
    assert "We do not know the town" not in response.content.decode()


def test_an_unknown_postcode_is_told_and_the_list_keeps_its_order(
    english, products, communes
):
    response = english.get(
        CATALOGUE, {"near": "99999", "sort_by": "distance"}, follow=True
    )

    html = response.content.decode()
    assert "We do not know the town “99999”" in html
    assert len(titles(response)) == 2


def test_the_lookup_costs_the_same_queries_with_many_communes(
    english, products, communes
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            english.get(CATALOGUE, {"near": "84300", "sort_by": "distance"})
        return len(queries)

    count()  # the first request also fills the site's caches
    before = count()
    for n in range(40):
        CommuneFactory(insee=f"04{n:03d}", name=f"Village {n}", postcodes=["04000"])
    assert count() == before
