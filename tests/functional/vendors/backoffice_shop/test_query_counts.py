"""The back office's list pages cost the same number of queries for 5 or 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory, VendorFactory, create_artisan_product
from vendors.models import VendorOrderStatus

from . import artisan_account, place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture
def artisan(vendor, client):
    user = artisan_account(vendor)
    client.force_login(user)
    return user


def add_orders(vendor, count):
    """``count`` orders of different customers, half of them accepted already."""
    product = create_artisan_product(vendor, "Savon", price="7.50", stock=10_000)
    for index in range(count):
        customer = UserFactory(email=f"client-{vendor.pk}-{index}@example.fr")
        vendor_order = place_order((product, 1), user=customer).vendor_orders.get()
        if index % 2:
            vendor_order.status = VendorOrderStatus.ACCEPTED
            vendor_order.save()


def add_low_stock_products(vendor, count):
    for index in range(count):
        create_artisan_product(vendor, f"Bougie {index}", stock=index % 3)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["backoffice:order-list", "backoffice:overview"])
def test_page_costs_the_same_queries_for_5_and_50_orders(
    client, vendor, artisan, url_name, django_assert_max_num_queries
):
    url = reverse(url_name)
    add_orders(vendor, 5)
    add_low_stock_products(vendor, 2)
    with_few = queries_for(client, url)

    add_orders(vendor, 45)
    add_low_stock_products(vendor, 18)

    with django_assert_max_num_queries(with_few):
        response = client.get(url)
    assert response.status_code == 200
    if url_name == "backoffice:order-list":
        assert len(response.context["vendor_orders"]) == 20
    else:
        assert response.context["orders_to_handle_count"] == 50
        assert len(response.context["low_stock"]) == 20
