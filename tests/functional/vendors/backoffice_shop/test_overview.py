"""The back office's overview: what to do now, recent sales, low stock, notices."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from tests.factories import VendorFactory, create_artisan_product
from vendors.models import VendorOrder, VendorOrderStatus, VendorStatus
from vendors.scoping import stockrecords_of

from . import artisan_account, vendor_order_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory(commission_rate=D("0.10"))


@pytest.fixture
def artisan(vendor, client):
    user = artisan_account(vendor)
    client.force_login(user)
    return user


def with_status(vendor_order, status, days_ago=0):
    VendorOrder.objects.filter(pk=vendor_order.pk).update(
        status=status, created_at=timezone.now() - timedelta(days=days_ago)
    )
    return vendor_order


def test_overview_counts_orders_to_handle_and_sums_recent_sales(
    client, vendor, artisan
):
    # given: two orders to handle, one done, one refused, one too old, one elsewhere
    vendor_order_for(vendor, price="10.00")
    with_status(vendor_order_for(vendor, price="20.00"), VendorOrderStatus.READY)
    with_status(vendor_order_for(vendor, price="40.00"), VendorOrderStatus.COMPLETED)
    with_status(vendor_order_for(vendor, price="80.00"), VendorOrderStatus.REFUSED)
    with_status(
        vendor_order_for(vendor, price="160.00"), VendorOrderStatus.COMPLETED, 31
    )
    vendor_order_for(VendorFactory(), price="320.00")

    # when
    response = client.get(reverse("backoffice:overview"))

    # then
    assert response.status_code == 200
    context = response.context
    assert context["orders_to_handle_count"] == 2
    assert {vo.status for vo in context["orders_to_handle"]} == {"new", "ready"}
    assert context["sales"]["count"] == 3
    assert context["sales"]["total"] == D("70.00")
    assert context["sales"]["net"] == D("63.00")


def test_overview_lists_products_low_on_stock(client, vendor, artisan):
    create_artisan_product(vendor, "Savon presque épuisé", stock=3)
    create_artisan_product(vendor, "Savon bien en stock", stock=4)
    allocated = create_artisan_product(vendor, "Savon réservé", stock=5)
    stockrecords_of(vendor).filter(product=allocated).update(num_allocated=2)
    create_artisan_product(VendorFactory(), "Savon d'un autre", stock=0)

    response = client.get(reverse("backoffice:overview"))

    titles = [record.product.title for record in response.context["low_stock"]]
    assert sorted(titles) == ["Savon presque épuisé", "Savon réservé"]
    assert "Savon d'un autre" not in response.content.decode()


def test_overview_shows_vacation_and_suspension_notices(client, vendor, artisan):
    calm = client.get(reverse("backoffice:overview")).content.decode()
    vendor.vacation_mode = True
    vendor.vacation_message = "De retour le 2 mars."
    vendor.status = VendorStatus.SUSPENDED
    vendor.save()

    content = client.get(reverse("backoffice:overview")).content.decode()

    assert 'id="notice-vacation"' not in calm
    assert 'id="notice-suspended"' not in calm
    assert 'id="notice-vacation"' in content
    assert "De retour le 2 mars." in content
    assert 'id="notice-suspended"' in content


def badge_of(content):
    """The navigation's badge of orders to handle, or None."""
    if 'id="nav-orders-to-handle"' not in content:
        return None
    return content.split('id="nav-orders-to-handle"', 1)[1].split("</a>")[0]


@pytest.mark.parametrize(
    "url_name", ["backoffice:overview", "backoffice:order-list", "backoffice:team"]
)
def test_the_navigation_badge_counts_the_parts_to_handle(
    client, vendor, artisan, url_name
):
    # given: three parts to handle, two that are not, one of another shop
    vendor_order_for(vendor)
    with_status(vendor_order_for(vendor), VendorOrderStatus.READY)
    with_status(vendor_order_for(vendor), VendorOrderStatus.NO_SHOW)
    with_status(vendor_order_for(vendor), VendorOrderStatus.SHIPPED)
    with_status(vendor_order_for(vendor), VendorOrderStatus.COMPLETED)
    vendor_order_for(VendorFactory())

    response = client.get(reverse(url_name))

    badge = badge_of(response.content.decode())
    assert response.context["orders_to_handle_count"] == 3
    assert 'data-count="3"' in badge
    # Read out in words, not as a bare number.
    with translation.override(settings.LANGUAGE_CODE):
        words = ngettext(
            "%(counter)s order to handle", "%(counter)s orders to handle", 3
        ) % {"counter": 3}
    assert f'<span class="sr-only">{words}</span>' in badge


def test_the_overview_shows_the_same_count_as_the_badge(client, vendor, artisan):
    vendor_order_for(vendor)
    with_status(vendor_order_for(vendor), VendorOrderStatus.ACCEPTED)

    content = client.get(reverse("backoffice:overview")).content.decode()

    assert 'data-count="2"' in badge_of(content)
    assert '<p class="h3" id="orders-to-handle-count">2</p>' in content


def test_no_badge_when_nothing_is_to_handle(client, vendor, artisan):
    with_status(vendor_order_for(vendor), VendorOrderStatus.COMPLETED)

    response = client.get(reverse("backoffice:order-list"))

    assert response.context["orders_to_handle_count"] == 0
    assert badge_of(response.content.decode()) is None
