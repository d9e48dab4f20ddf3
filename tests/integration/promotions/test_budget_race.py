"""Ten consumers place an order with a campaign whose budget covers three, at
the same moment: through the real checkout, on PostgreSQL, exactly three get
the discount; the others are told it ran out and keep their basket, and the
campaign stops."""

from decimal import Decimal as D
from functools import partial

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from oscar.core.loading import get_model

from tests.factories import VendorFactory, create_artisan_product
from tests.factories.checkout import consumer_at_the_preview
from tests.factories.concurrency import at_the_same_moment
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from vendors.promotions.demo import CAMPAIGN, territory_campaign
from vendors.promotions.models import FundedDiscount, OfferFunding

ConditionalOffer = get_model("offer", "ConditionalOffer")
Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")

CONSUMERS = 10


def run_out_message():
    with translation.override(settings.LANGUAGE_CODE):
        return escape(
            gettext(
                "The offer “%(offer)s” has run out: your basket was "
                "recalculated without it."
            )
            % {"offer": CAMPAIGN}
        )


@pytest.mark.service("postgres")
@pytest.mark.django_db(transaction=True)
def test_ten_checkouts_at_once_spend_a_budget_for_three_exactly(postgres_db, settings):
    # given 15 € off from 30 €, with a budget of 45 € (three orders)
    settings.STRIPE_SECRET_KEY = ""
    offer = territory_campaign(budget=D("45.00"), per_customer_limit=None)
    vendor = VendorFactory(partner__name="Savonnerie Marius")
    point = PickupPointFactory()
    serving(vendor, point)
    slot = SlotFactory(point=point, capacity=50)
    product = create_artisan_product(vendor, "Coffret de savons", price="32.00")
    clients = [
        consumer_at_the_preview(f"client{n}@example.fr", product, vendor, slot)
        for n in range(CONSUMERS)
    ]
    assert clients[0].get(reverse("basket:summary")).status_code == 200

    def place(client):
        response = client.post(
            reverse("checkout:preview"), {"action": "place_order"}, follow=True
        )
        path = response.request["PATH_INFO"]
        if path == reverse("checkout:thank-you"):
            return "placed"
        if path == reverse("basket:summary") and (
            run_out_message() in response.content.decode()
        ):
            return "ran out"
        return f"unexpected: {path} {response.status_code}"

    # when they all place their order at the same moment
    outcomes = at_the_same_moment(*(partial(place, client) for client in clients))

    # then three orders are placed with the discount, seven refused
    assert outcomes.count("placed") == 3, outcomes
    assert outcomes.count("ran out") == CONSUMERS - 3, outcomes
    assert Order.objects.count() == 3
    assert all(o.total_incl_tax == D("17.00") for o in Order.objects.all())
    # and the budget is spent exactly, paid for by the metropolis
    funding = OfferFunding.objects.get(offer=offer)
    assert funding.spent == funding.budget == D("45.00")
    assert sum(f.amount for f in FundedDiscount.objects.all()) == D("45.00")
    # and the campaign stops: Oscar no longer offers it
    offer.refresh_from_db()
    assert offer.status == ConditionalOffer.CONSUMED
    assert offer.get_max_applications() == 0
    # and the others keep their basket
    assert Basket.objects.filter(status="Open").count() == CONSUMERS - 3
    # and a refused consumer can now place their order, at full price
    refused = clients[outcomes.index("ran out")]
    assert place(refused) == "placed"
    assert Order.objects.order_by("-pk").first().total_incl_tax == D("32.00")
