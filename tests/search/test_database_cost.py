"""What a search costs the database backend: a fixed number of queries,
whatever the number of products and artisans."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends import get_search_backend
from search.backends.base import ProductQuery
from tests.factories import VendorFactory, create_artisan_product

from .conftest import MARSEILLE

# The artisans' facts (4), the category names (1, with words), then one
# statement for the page, its total and the facets.
MOST_QUERIES_OF_A_SEARCH = 6

SEARCHES = [
    pytest.param(ProductQuery(text="savon", with_facets=True), id="words-facets"),
    pytest.param(
        ProductQuery(
            text="savon",
            filters=(("metier", ("Savonnier",)), ("in_stock", ("1",))),
            with_facets=True,
        ),
        id="words-facets-selected",
    ),
    pytest.param(ProductQuery(with_facets=True), id="browse-facets"),
    pytest.param(ProductQuery(text="savon marseille"), id="two-words"),
    pytest.param(
        ProductQuery(near=MARSEILLE, sort="distance", with_facets=True),
        id="distance-facets",
    ),
    pytest.param(
        ProductQuery(text="savon", near=MARSEILLE, max_km=30, sort="distance"),
        id="words-within",
    ),
]


def artisan(name, lat, lon, metier="Savonnier", commune="Marseille"):
    vendor = VendorFactory(partner__name=name, metier=metier, commune=commune)
    vendor.latitude, vendor.longitude = lat, lon
    vendor.save()
    return vendor


def queries_of(query):
    backend = get_search_backend("database")
    with CaptureQueriesContext(connection) as captured:
        page = backend.search(query, 0, 10)
    return len(captured.captured_queries), page


@pytest.mark.parametrize("query", SEARCHES)
def test_a_search_costs_the_same_queries_as_the_catalogue_grows(db, settings, query):
    settings.SEARCH_BACKEND = "database"
    # Given a small catalogue
    first = artisan("Savonnerie du Port", 43.2965, 5.3698)
    for n in range(3):
        create_artisan_product(first, title=f"Savon {n}")
    few, small_page = queries_of(query)

    # When it grows by artisans and products
    for i in range(4):
        other = artisan(
            f"Atelier {i}", 43.3 + i / 100, 5.4, metier="Potier", commune="Aubagne"
        )
        for n in range(6):
            create_artisan_product(other if n % 2 else first, title=f"Savon {i} {n}")
    many, large_page = queries_of(query)

    # Then the search finds more for the same number of queries
    assert large_page.total > small_page.total
    assert many == few
    assert many <= MOST_QUERIES_OF_A_SEARCH


def test_a_page_past_the_last_still_tells_the_total(db, settings):
    settings.SEARCH_BACKEND = "database"
    vendor = artisan("Savonnerie du Port", 43.2965, 5.3698)
    for n in range(3):
        create_artisan_product(vendor, title=f"Savon {n}")
    backend = get_search_backend("database")

    page = backend.search(ProductQuery(text="savon"), 10, 5)

    assert page.product_ids == []
    assert page.total == 3


def test_the_total_follows_the_selected_facets(db, settings):
    settings.SEARCH_BACKEND = "database"
    port = artisan("Savonnerie du Port", 43.2965, 5.3698)
    hill = artisan("Savonnerie des Collines", 43.29, 5.57, commune="Aubagne")
    for n in range(3):
        create_artisan_product(port, title=f"Savon {n}")
    create_artisan_product(hill, title="Savon des collines", stock=0)
    backend = get_search_backend("database")
    query = ProductQuery(
        text="savon", filters=(("commune", ("Aubagne",)),), with_facets=True
    )

    page = backend.search(query, 0, 10)

    assert page.total == len(page.product_ids) == 1
    assert page.total == backend.count(query)
    assert page.facets["commune"] == {"Marseille": 3, "Aubagne": 1}
    assert page.facets["in_stock"] == {}
