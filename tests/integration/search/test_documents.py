"""What the search index is told about products and artisans, from the tables."""

from decimal import Decimal as D

import pytest
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from delivery.models import PickupPointKind
from search.documents import artisan_documents, indexable_product_ids, product_documents
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, serving
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db

ProductCategory = get_model("catalogue", "ProductCategory")


def test_a_product_document_carries_what_search_needs():
    vendor = VendorFactory(
        metier="Potier",
        commune="Aubagne",
        labels=["fait_main"],
        latitude=D("43.292700"),
        longitude=D("5.570800"),
    )
    product = create_artisan_product(vendor, title="Bol émaillé", price="27.50")
    product.description = "<p>Un bol <strong>tourné</strong> &amp; émaillé.</p>"
    product.save()
    bowls = create_from_breadcrumbs("Céramique > Bols")
    ProductCategory.objects.create(product=product, category=bowls)

    [document] = product_documents([product.pk])

    assert document["title"] == "Bol émaillé"
    assert document["title_sort"] == "bol emaille"
    assert document["description"] == "Un bol tourné & émaillé."
    assert document["category_ids"] == [str(bowls.pk)]
    assert document["category_names"] == ["Bols"]
    assert document["artisan_id"] == vendor.pk
    assert document["metier"] == "Potier"
    assert document["commune"] == "Aubagne"
    assert document["labels"] == ["fait_main"]
    assert "Fait main" in document["label_names"]
    assert document["location"] == {"lat": 43.2927, "lon": 5.5708}
    assert document["price"] == 27.5
    assert document["price_range"] == "25-50"
    assert document["in_stock"] is True
    assert document["fulfilment"] == ["delivery"]
    assert document["url"] == product.get_absolute_url()


def test_fulfilment_follows_what_checkout_offers():
    vendor = VendorFactory()
    product = create_artisan_product(vendor)
    workshop = PickupPointFactory(kind=PickupPointKind.WORKSHOP, vendor=vendor)
    serving(vendor, workshop)
    fulfilment = serving(vendor, PickupPointFactory(kind=PickupPointKind.RELAY))
    fulfilment.delivers = False
    fulfilment.save()
    serving(vendor, PickupPointFactory(kind=PickupPointKind.DRIVE, is_active=False))

    [document] = product_documents([product.pk])

    assert document["fulfilment"] == ["workshop", "relay"]


def test_allocated_stock_is_not_in_stock():
    product = create_artisan_product(stock=2)
    product.stockrecords.update(num_allocated=2)

    [document] = product_documents([product.pk])

    assert document["in_stock"] is False


def test_products_of_artisans_not_selling_are_not_indexable():
    selling = create_artisan_product()
    on_vacation = create_artisan_product(VendorFactory(vacation_mode=True))
    suspended = create_artisan_product(VendorFactory(status=VendorStatus.SUSPENDED))
    private = create_artisan_product()
    private.is_public = False
    private.save()

    ids = [selling.pk, on_vacation.pk, suspended.pk, private.pk]

    assert list(indexable_product_ids()) == [selling.pk]
    assert [doc["id"] for doc in product_documents(ids)] == [selling.pk]


def test_artisans_on_vacation_stay_in_the_directory():
    on_vacation = VendorFactory(vacation_mode=True)
    suspended = VendorFactory(status=VendorStatus.SUSPENDED)

    documents = artisan_documents([on_vacation.pk, suspended.pk])

    assert [doc["id"] for doc in documents] == [on_vacation.pk]


def test_documents_cost_the_same_queries_for_3_or_30_products(
    django_assert_max_num_queries,
):
    def products(count):
        made = []
        for n in range(count):
            product = create_artisan_product(title=f"Savon {n}")
            ProductCategory.objects.create(
                product=product, category=create_from_breadcrumbs("Savons")
            )
            made.append(product.pk)
        return made

    few, many = products(3), products(30)
    with django_assert_max_num_queries(20) as few_queries:
        assert len(product_documents(few)) == 3
    with django_assert_max_num_queries(len(few_queries)) as many_queries:
        assert len(product_documents(many)) == 30

    assert len(many_queries) == len(few_queries)
