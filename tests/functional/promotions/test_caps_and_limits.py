"""A campaign's limit per customer and its budget, checked at placement."""

from decimal import Decimal as D

import pytest

from tests.factories import (
    UserFactory,
    VendorFactory,
    create_artisan_product,
    place_basket,
    priced_basket,
)
from tests.factories import place_order as place
from vendors.promotions.actions import PromotionUnavailable, claim_promotions
from vendors.promotions.demo import territory_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def soap():
    return create_artisan_product(VendorFactory(), "Coffret", price="40.00")


def guest_order(soap, email):
    order = place((soap, 1))
    order.guest_email = email
    order.save(update_fields=["guest_email"])
    return order


def test_a_customer_gets_a_once_per_customer_campaign_once(soap):
    offer = territory_campaign(budget=None, per_customer_limit=1)
    customer = UserFactory()
    first = place((soap, 1), user=customer)
    claim_promotions(first)

    # Oscar stops applying it to them: their next basket is at full price
    offer.refresh_from_db()
    assert offer.get_max_applications(customer) == 0
    basket = priced_basket((soap, 1))
    basket.owner = customer
    basket.save()
    assert place_basket(basket, user=customer).total_incl_tax == D("40.00")


def test_a_guest_over_the_limit_is_refused_at_placement(soap):
    territory_campaign(budget=None, per_customer_limit=1)
    claim_promotions(guest_order(soap, "marie@example.fr"))

    with pytest.raises(PromotionUnavailable) as refused:
        claim_promotions(guest_order(soap, "MARIE@example.fr"))

    assert refused.value.budget_spent is False
    # another guest still gets it
    assert claim_promotions(guest_order(soap, "paul@example.fr"))


def test_a_budget_that_cannot_cover_the_discount_refuses_the_order(soap):
    offer = territory_campaign(budget=D("20.00"), per_customer_limit=None)
    claim_promotions(place((soap, 1)))
    offer.funding.refresh_from_db()
    assert offer.funding.spent == D("15.00")

    with pytest.raises(PromotionUnavailable) as refused:
        claim_promotions(place((soap, 1)))

    assert refused.value.budget_spent is True
    offer.funding.refresh_from_db()
    assert offer.funding.spent == D("15.00")
