"""Who pays a discount decides whose money it is: a funded discount never
lowers the artisan's net, the artisan's own discount does; the customer
pays, is refunded and collects the same amount everywhere."""

from decimal import Decimal as D

import pytest
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from shop.apps.payment.actions.payouts import artisan_due_cents
from shop.apps.payment.actions.refunds import refundable_amount
from shop.apps.payment.fetch import amount_to_collect
from tests.factories import (
    VendorFactory,
    create_artisan_product,
    place_basket,
    place_order,
    priced_basket,
)
from tests.factories.orders import paid_at_pickup
from vendors.actions.orders import commission_split
from vendors.promotions.actions import create_shop_promotion, save_funding
from vendors.promotions.demo import territory_campaign
from vendors.promotions.models import FundedDiscount, FunderKind

ConditionalOffer = get_model("offer", "ConditionalOffer")

pytestmark = pytest.mark.django_db


@pytest.fixture
def savonnerie(settings):
    settings.MARKETPLACE_COMMISSION_RATE = "0.10"
    return VendorFactory(partner__name="Savonnerie Marius")


def test_a_territory_discount_never_lowers_the_artisans_net(savonnerie):
    # given 15 € off from 30 €, funded by the metropolis
    offer = territory_campaign(budget=D("100.00"))
    soap = create_artisan_product(savonnerie, "Savon", price="20.00")

    # when a customer buys two soaps (40 €)
    order = place_order((soap, 2))

    # then they pay 25 €, the artisan's sale stays 40 € and so do commission and net
    part = order.vendor_orders.get()
    assert order.total_incl_tax == D("25.00")
    assert (part.total_incl_tax, part.funded_discount) == (D("40.00"), D("15.00"))
    assert part.customer_total == order.total_incl_tax
    assert (part.commission_amount, part.net_amount) == (D("4.00"), D("36.00"))
    # and the metropolis pays the 15 €
    funded = FundedDiscount.objects.get(vendor_order=part)
    assert (funded.offer, funded.kind, funded.amount) == (
        offer,
        FunderKind.TERRITORY,
        D("15.00"),
    )
    assert funded.funder == offer.funding.funder


def test_an_artisans_own_discount_lowers_their_sale_and_net(savonnerie):
    # given the artisan's 10 % off their shop
    create_shop_promotion(
        savonnerie, name="Soldes", percent=D("10"), start=None, end=None
    )
    soap = create_artisan_product(savonnerie, "Savon", price="20.00")

    order = place_order((soap, 2))

    # then the sale is 36 €: commission and net are on 36 €, nothing funded
    part = order.vendor_orders.get()
    assert order.total_incl_tax == part.total_incl_tax == D("36.00")
    assert part.funded_discount == D("0.00")
    assert (part.commission_amount, part.net_amount) == commission_split(
        D("36.00"), D("0.10")
    )
    assert not FundedDiscount.objects.exists()


def test_an_artisans_promotion_gives_nothing_on_another_artisans_products(
    savonnerie,
):
    calissons = VendorFactory(partner__name="Calissons du Roy")
    create_shop_promotion(
        savonnerie, name="Soldes", percent=D("10"), start=None, end=None
    )
    soap = create_artisan_product(savonnerie, "Savon", price="20.00")
    sweets = create_artisan_product(calissons, "Calissons", price="30.00")

    order = place_order((soap, 1), (sweets, 1))

    parts = {vo.vendor: vo for vo in order.vendor_orders.all()}
    assert parts[savonnerie].total_incl_tax == D("18.00")
    assert parts[calissons].total_incl_tax == D("30.00")
    assert order.total_incl_tax == D("48.00")


def test_a_product_stocked_later_joins_the_artisans_promotion(savonnerie):
    offer = create_shop_promotion(
        savonnerie, name="Soldes", percent=D("10"), start=None, end=None
    )

    soap = create_artisan_product(savonnerie, "Savon nouveau", price="20.00")

    assert offer.benefit.range.contains_product(soap)


def test_an_offer_without_funding_is_the_chambers(savonnerie):
    # Oscar's 20 % off everything, which nobody said who funds
    offer = oscar_factories.create_offer()
    soap = create_artisan_product(savonnerie, "Savon", price="10.00")

    order = place_order((soap, 1))

    part = order.vendor_orders.get()
    assert (part.total_incl_tax, part.funded_discount) == (D("10.00"), D("2.00"))
    funded = FundedDiscount.objects.get(vendor_order=part)
    assert (funded.offer, funded.kind, funded.funder) == (
        offer,
        FunderKind.CHAMBER,
        None,
    )


def test_funders_of_two_artisans_parts_pay_exactly_the_order_discount(settings):
    settings.MARKETPLACE_COMMISSION_RATE = "0.10"
    offer = territory_campaign(budget=None, per_customer_limit=None)
    savonnerie = VendorFactory()
    calissons = VendorFactory()
    soap = create_artisan_product(savonnerie, "Savon", price="7.45")
    sweets = create_artisan_product(calissons, "Calissons", price="18.90")

    order = place_order((soap, 3), (sweets, 1))

    parts = list(order.vendor_orders.all())
    discount = order.discounts.get(offer_id=offer.pk).amount
    assert discount == D("15.00")
    assert sum(vo.funded_discount for vo in parts) == discount
    assert sum(f.amount for f in FundedDiscount.objects.all()) == discount
    assert sum(vo.customer_total for vo in parts) == order.total_incl_tax
    for vo in parts:
        assert vo.commission_amount + vo.net_amount == vo.total_incl_tax
    assert sum(vo.total_incl_tax for vo in parts) == D("7.45") * 3 + D("18.90")


def test_customer_is_refunded_and_collected_what_they_paid_not_the_sale(savonnerie):
    territory_campaign(budget=None, per_customer_limit=None)
    soap = create_artisan_product(savonnerie, "Savon", price="20.00")
    order = place_order((soap, 2))
    part = order.vendor_orders.get()

    # the customer paid 25 € for a 40 € sale: at most 25 € back
    assert refundable_amount(part) == D("25.00")
    # a whole refund takes the whole net back from the artisan, half of it half
    assert artisan_due_cents(part, 2500) == 0
    assert artisan_due_cents(part, 1250) == 1800
    assert artisan_due_cents(part, 0) == 3600
    # paid at pickup: 25 € to collect
    paid_at_pickup(part)
    assert amount_to_collect(part) == D("25.00")


def test_a_shipping_discount_is_funded_and_spread_over_the_fees(settings):
    from oscar.apps.offer.applicator import Applicator
    from oscar.apps.shipping.methods import FixedPrice
    from oscar.apps.shipping.repository import Repository

    settings.MARKETPLACE_COMMISSION_RATE = "0.10"
    every, _ = get_model("offer", "Range").objects.get_or_create(
        name="Tout", defaults={"includes_all_products": True}
    )
    Benefit = get_model("offer", "Benefit")
    Condition = get_model("offer", "Condition")
    offer = ConditionalOffer.objects.create(
        name="Port réduit",
        offer_type=ConditionalOffer.SITE,
        condition=Condition.objects.create(range=every, type="Count", value=1),
        benefit=Benefit.objects.create(
            range=every, type=Benefit.SHIPPING_ABSOLUTE, value=D("4.00")
        ),
    )
    save_funding(offer, kind=FunderKind.CHAMBER)
    savonnerie = VendorFactory()
    soap = create_artisan_product(savonnerie, "Savon", price="10.00")

    basket = priced_basket((soap, 1))
    Applicator().apply(basket)
    [method] = Repository().apply_shipping_offers(
        basket, [FixedPrice(D("6.00"), D("6.00"))]
    )
    basket.reset_offer_applications()  # placing applies the offers again

    order = place_basket(basket, shipping_method=method)

    part = order.vendor_orders.get()
    assert order.total_incl_tax == D("12.00")
    assert (part.fulfilment_cost, part.total_incl_tax) == (D("6.00"), D("16.00"))
    assert part.funded_discount == D("4.00")
    assert FundedDiscount.objects.get().on_fulfilment is True
