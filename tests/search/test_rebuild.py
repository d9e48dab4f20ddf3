"""A full rebuild of the Elasticsearch indices: what it costs the database,
the settings the new indices load with and keep, and what it indexes."""

import uuid
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from search.backends import get_search_backend
from search.backends.base import ProductQuery
from search.backends.elasticsearch import helpers
from search.documents import product_documents
from tests.factories import VendorFactory, create_artisan_product
from vendors.models import Vendor

pytestmark = [pytest.mark.service("elasticsearch"), pytest.mark.django_db]

ProductCategory = get_model("catalogue", "ProductCategory")


@pytest.fixture
def search_backend(settings, elasticsearch_url):
    """The ``elasticsearch`` backend on indices of its own, dropped afterwards."""
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    backend = get_search_backend()
    yield backend
    backend.delete_indices()


def soaps(count, artisans):
    """``count`` soaps in a category, spread over ``artisans`` artisans."""
    category = create_from_breadcrumbs("Beauté > Savons")
    vendors = [VendorFactory() for _ in range(artisans)]
    made = []
    for n in range(count):
        product = create_artisan_product(vendors[n % artisans], title=f"Savon {n}")
        ProductCategory.objects.create(product=product, category=category)
        made.append(product)
    return made


def found(backend, text):
    return backend.search(ProductQuery(text=text), 0, 100).product_ids


def index_settings(backend, alias):
    """The settings of the one index behind ``alias``."""
    [(_, body)] = backend.client.indices.get_settings(index=alias).items()
    return body["settings"]["index"]


def test_a_rebuild_costs_the_same_queries_for_5_or_50_products(search_backend):
    # Given 5 products of 5 artisans, then 45 more of 5 other artisans.
    soaps(5, artisans=5)
    with CaptureQueriesContext(connection) as few:
        search_backend.rebuild()
    soaps(45, artisans=5)

    with CaptureQueriesContext(connection) as many:
        search_backend.rebuild()

    assert len(found(search_backend, "savon")) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


def test_batches_cost_a_constant_number_of_queries_each(search_backend):
    soaps(12, artisans=4)
    with CaptureQueriesContext(connection) as one_batch:
        search_backend.rebuild(batch_size=12)

    with CaptureQueriesContext(connection) as three_batches:
        search_backend.rebuild(batch_size=4)

    # Two more batches, each reading its products, their offers and their
    # categories; the artisans are read once.
    assert len(three_batches.captured_queries) == len(one_batch.captured_queries) + 6
    assert len(found(search_backend, "savon")) == 12


def test_indices_load_without_refreshes_and_get_them_back(search_backend, settings):
    soaps(3, artisans=1)
    while_loading = {}

    def look_at_the_new_index(kind, done, total):
        building = search_backend.building_alias(kind)
        while_loading[kind] = index_settings(search_backend, building)

    search_backend.rebuild(progress=look_at_the_new_index)

    for kind in ("products", "artisans"):
        assert while_loading[kind]["refresh_interval"] == "-1"
        assert while_loading[kind]["number_of_replicas"] == "0"
        assert while_loading[kind]["translog"]["durability"] == "async"
        live = index_settings(search_backend, search_backend.alias(kind))
        # Back to the defaults (a refresh each second, a translog synced per
        # request) and to the configured replicas.
        assert "refresh_interval" not in live
        assert "translog" not in live
        assert live["number_of_replicas"] == str(settings.ELASTICSEARCH_REPLICAS)
    assert not search_backend.client.indices.exists_alias(
        name=search_backend.building_alias("products")
    )


def test_documents_are_searchable_as_soon_as_the_rebuild_returns(search_backend):
    products = soaps(3, artisans=1)

    search_backend.rebuild()  # no refresh of our own afterwards

    assert sorted(found(search_backend, "savon")) == sorted(p.pk for p in products)
    assert search_backend.search_artisans("") == [Vendor.objects.get().pk]


def test_a_rebuild_indexes_what_a_live_update_would(search_backend):
    # Given products of every shape: standalone, a parent whose children carry
    # the offers, out of stock, without a price, in two categories.
    vendor = VendorFactory(latitude=D("43.2927"), longitude=D("5.5708"))
    potter = VendorFactory(labels=["fait_main"])
    bowl = create_artisan_product(vendor, title="Bol émaillé", price="27.50")
    ProductCategory.objects.create(
        product=bowl, category=create_from_breadcrumbs("Céramique > Bols")
    )
    ProductCategory.objects.create(
        product=bowl, category=create_from_breadcrumbs("Cadeaux")
    )
    create_artisan_product(potter, title="Pichet", price="40.00", stock=0)
    unpriced = create_artisan_product(potter, title="Vase sur devis")
    unpriced.stockrecords.update(price=None)
    parent = oscar_factories.create_product(
        title="Santon", product_class="Artisanat", structure="parent"
    )
    for title, price in (("Santon berger", "18.00"), ("Santon meunier", "16.00")):
        oscar_factories.create_product(
            parent=parent,
            title=title,
            product_class="Artisanat",
            partner_name=vendor.partner.name,
            price=D(price),
            num_in_stock=2,
        )

    search_backend.rebuild(batch_size=2)

    indexed = {
        int(hit["_id"]): hit["_source"]
        for hit in helpers.scan(
            search_backend.client, index=search_backend.alias("products")
        )
    }
    expected = {doc["id"]: doc for doc in product_documents(indexed)}
    assert len(indexed) == 4
    assert indexed == expected
    assert indexed[parent.pk]["price"] == 16.0
    assert indexed[unpriced.pk]["price"] is None
