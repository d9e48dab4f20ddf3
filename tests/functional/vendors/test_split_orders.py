"""Placing an order splits it into one part per artisan, money frozen and exact."""

from decimal import Decimal as D

import pytest
from oscar.apps.shipping.methods import FixedPrice
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from tests.factories import (
    VendorFactory,
    create_artisan_product,
    place_basket,
    priced_basket,
)
from vendors.models import OrderStatus, VatRegime, VendorOrder

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_artisans():
    savonnerie = VendorFactory(vat_regime=VatRegime.STANDARD)
    calissons = VendorFactory(vat_regime=VatRegime.REDUCED, commission_rate=D("0.08"))
    potiere = VendorFactory(vat_regime=VatRegime.FRANCHISE)
    return savonnerie, calissons, potiere


def assert_money_adds_up(order):
    vendor_orders = list(order.vendor_orders.all())
    # What the customer pays: the parts' sales less funded discounts.
    assert sum(vo.customer_total for vo in vendor_orders) == order.total_incl_tax
    for vo in vendor_orders:
        assert vo.commission_amount + vo.net_amount == vo.total_incl_tax
        assert vo.subtotal_incl_tax + vo.fulfilment_cost == vo.total_incl_tax


def test_one_vendor_order_per_artisan_with_frozen_commission(three_artisans, settings):
    settings.MARKETPLACE_COMMISSION_RATE = "0.10"
    savonnerie, calissons, potiere = three_artisans
    soap = create_artisan_product(savonnerie, "Savon", price="7.50")
    oil = create_artisan_product(savonnerie, "Huile", price="12.00")
    sweets = create_artisan_product(calissons, "Calissons", price="18.90")
    bowl = create_artisan_product(potiere, "Bol", price="33.00")

    order = place_basket(priced_basket((soap, 2), (oil, 1), (sweets, 1), (bowl, 1)))

    by_vendor = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    assert set(by_vendor) == {savonnerie.pk, calissons.pk, potiere.pk}
    assert by_vendor[savonnerie.pk].subtotal_incl_tax == D("27.00")
    assert by_vendor[savonnerie.pk].commission_rate == D("0.10")
    assert by_vendor[savonnerie.pk].commission_amount == D("2.70")
    assert by_vendor[savonnerie.pk].net_amount == D("24.30")
    assert by_vendor[calissons.pk].commission_rate == D("0.08")
    assert by_vendor[calissons.pk].commission_amount == D("1.51")
    # Tax per artisan's regime: 5.5 % inside 18.90, nothing for the exempt potter.
    assert by_vendor[calissons.pk].subtotal_excl_tax == D("17.91")
    assert by_vendor[potiere.pk].subtotal_excl_tax == D("33.00")
    assert_money_adds_up(order)
    assert order.status == OrderStatus.PLACED

    # Changing the artisan's rate later leaves the placed order untouched.
    calissons.commission_rate = D("0.50")
    calissons.save()
    assert VendorOrder.objects.get(
        pk=by_vendor[calissons.pk].pk
    ).commission_amount == D("1.51")


def test_shipping_is_shared_between_artisans_without_losing_a_cent(three_artisans):
    savonnerie, calissons, potiere = three_artisans
    items = [
        (create_artisan_product(savonnerie, "Savon", price="10.00"), 1),
        (create_artisan_product(calissons, "Calissons", price="10.00"), 1),
        (create_artisan_product(potiere, "Bol", price="10.00"), 1),
    ]

    order = place_basket(
        priced_basket(*items),
        shipping_method=FixedPrice(
            charge_excl_tax=D("10.00"), charge_incl_tax=D("10.00")
        ),
    )

    assert order.total_incl_tax == D("40.00")
    costs = sorted(vo.fulfilment_cost for vo in order.vendor_orders.all())
    assert costs == [D("3.33"), D("3.33"), D("3.34")]
    assert_money_adds_up(order)


def test_discounts_are_carried_into_each_artisans_part(three_artisans):
    savonnerie, calissons, _potiere = three_artisans
    # 20 % off everything (Oscar's site offer)
    oscar_factories.create_offer()
    soap = create_artisan_product(savonnerie, "Savon", price="7.45")
    sweets = create_artisan_product(calissons, "Calissons", price="18.90")

    order = place_basket(priced_basket((soap, 3), (sweets, 1)))

    assert order.total_discount_incl_tax > 0
    assert order.total_incl_tax < D("7.45") * 3 + D("18.90")
    assert_money_adds_up(order)


def test_splitting_twice_creates_nothing_more(three_artisans):
    from vendors.actions import split_order_by_vendor

    savonnerie, calissons, _ = three_artisans
    order = place_basket(
        priced_basket(
            (create_artisan_product(savonnerie, "Savon"), 1),
            (create_artisan_product(calissons, "Calissons"), 1),
        )
    )

    split_order_by_vendor(order)

    assert order.vendor_orders.count() == 2
