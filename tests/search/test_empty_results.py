"""A search that finds nothing answers with nothing: no product, a total of 0
and every facet without values, whether the catalogue is empty or the words
match nothing in it. It never fails (an empty catalogue once made the
database backend raise ``EmptyResultSet``)."""

import pytest
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from search.backends import get_search_backend
from search.backends.base import FACETS, ProductQuery
from tests.factories import VendorFactory, create_artisan_product

from .conftest import MARSEILLE

ProductCategory = get_model("catalogue", "ProductCategory")

NO_FACET_VALUES = {name: {} for name in FACETS}

SEARCHES = [
    pytest.param(ProductQuery(with_facets=True), id="browse-facets"),
    pytest.param(ProductQuery(), id="browse"),
    pytest.param(ProductQuery(text="savon", with_facets=True), id="words-facets"),
    pytest.param(ProductQuery(text="savon lavande"), id="two-words"),
    pytest.param(
        ProductQuery(
            text="savon",
            filters=(
                ("metier", ("Savonnier",)),
                ("price", ("0-10",)),
                ("in_stock", ("1",)),
            ),
            with_facets=True,
        ),
        id="words-facets-selected",
    ),
    pytest.param(
        ProductQuery(near=MARSEILLE, sort="distance", with_facets=True),
        id="distance-facets",
    ),
    pytest.param(
        ProductQuery(text="santon", near=MARSEILLE, max_km=30, sort="distance"),
        id="words-within",
    ),
    pytest.param(
        ProductQuery(text="savon", sort="price-asc", with_facets=True),
        id="sorted-facets",
    ),
]


def assert_nothing_found(backend, query):
    page = backend.search(query, 0, 24)

    assert page.product_ids == []
    assert page.total == 0
    assert backend.count(query) == 0
    if query.with_facets:
        assert page.facets == NO_FACET_VALUES
    # A later page is as empty, and tells the same total.
    later = backend.search(query, 24, 24)
    assert (later.product_ids, later.total) == ([], 0)


@pytest.mark.parametrize("query", SEARCHES)
def test_an_empty_catalogue_answers_with_nothing(db, index, query):
    # Given no artisan and no product at all
    backend = index()

    # Then every search answers, empty
    assert_nothing_found(backend, query)


@pytest.mark.parametrize("query", SEARCHES)
def test_selling_artisans_without_products_answer_with_nothing(db, index, query):
    # Given artisans who sell, but have not listed anything yet
    VendorFactory(partner__name="Savonnerie du Port", metier="Savonnier")
    VendorFactory(partner__name="Santons du Cours", metier="Santonnier")
    backend = index()

    assert_nothing_found(backend, query)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(ProductQuery(text="zzyzxqw", with_facets=True), id="facets"),
        pytest.param(ProductQuery(text="zzyzxqw"), id="no-facets"),
        pytest.param(
            ProductQuery(
                text="savon zzyzxqw",
                filters=(("in_stock", ("1",)),),
                with_facets=True,
            ),
            id="one-word-of-two-facets-selected",
        ),
        pytest.param(
            ProductQuery(text="zzyzxqw", near=MARSEILLE, sort="distance"),
            id="by-distance",
        ),
    ],
)
def test_words_matching_nothing_answer_with_nothing(db, index, query):
    # Given a catalogue of soaps
    vendor = VendorFactory(partner__name="Savonnerie du Port", metier="Savonnier")
    for n in range(3):
        create_artisan_product(vendor, title=f"Savon {n}")
    backend = index()
    assert backend.search(ProductQuery(text="savon"), 0, 24).total == 3

    # Then words found nowhere give no product and no facet value
    assert_nothing_found(backend, query)


@pytest.mark.parametrize(
    "facet, values",
    [
        pytest.param("category", ("abc",), id="category-not-an-id"),
        pytest.param("price", ("not-a-range",), id="unknown-price-range"),
        pytest.param("metier", ("Forgeron",), id="craft-nobody-has"),
    ],
)
def test_facet_values_that_select_nothing_give_no_product(db, settings, facet, values):
    settings.SEARCH_BACKEND = "database"
    # Given three soaps in a category
    category = create_from_breadcrumbs("Beauté > Savons")
    vendor = VendorFactory(
        partner__name="Savonnerie du Port", metier="Savonnier", commune="Marseille"
    )
    for n in range(3):
        soap = create_artisan_product(vendor, title=f"Savon {n}")
        ProductCategory.objects.create(product=soap, category=category)
    backend = get_search_backend("database")

    # When a facet value that no product has is selected
    query = ProductQuery(text="savon", filters=((facet, values),), with_facets=True)
    page = backend.search(query, 0, 24)

    # Then no product, and the facet's own counts still offer the others
    assert (page.product_ids, page.total) == ([], 0)
    assert backend.count(query) == 0
    assert sum(page.facets[facet].values()) == 3
    assert page.facets["commune"] == {}
    without_facets = backend.search(
        ProductQuery(text="savon", filters=((facet, values),)), 0, 24
    )
    assert (without_facets.product_ids, without_facets.total) == ([], 0)
