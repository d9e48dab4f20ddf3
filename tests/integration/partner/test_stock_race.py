"""Twenty consumers buy the last five units of a product at the same moment.

Through the real checkout, on PostgreSQL: exactly five orders are placed and
five units allocated; the fifteen others are told the product ran out, keep
their basket, and leave nothing behind (no order, no part, no booking, no
stock allocated).
"""

from functools import partial

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from oscar.core.loading import get_model

from delivery.models import Reservation, Slot
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.checkout import consumer_at_the_preview
from tests.factories.concurrency import at_the_same_moment
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from vendors.models import VendorOrder

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Order = get_model("order", "Order")

CONSUMERS = 20
UNITS = 5
TITLE = "Savon à l'huile d'olive"


def sold_out_message():
    """What the consumers who lose are told, in the pages' language."""
    with translation.override(settings.LANGUAGE_CODE):
        return escape(
            gettext("“%(title)s” has just sold out: please remove it from your basket.")
            % {"title": TITLE}
        )


@pytest.mark.django_db(transaction=True)
def test_twenty_consumers_buying_five_units_place_exactly_five_orders(
    postgres_db, settings
):
    # given a product with five units left, and twenty consumers at the preview
    settings.STRIPE_SECRET_KEY = ""
    vendor = VendorFactory(partner__name="Savonnerie Marius")
    point = PickupPointFactory()
    serving(vendor, point)
    slot = SlotFactory(point=point, capacity=50)
    product = create_artisan_product(vendor, TITLE, price="7.50", stock=UNITS)
    clients = [
        consumer_at_the_preview(f"client{n}@example.fr", product, vendor, slot)
        for n in range(CONSUMERS)
    ]
    # Oscar links its "missing image" into the media folder the first time a
    # page shows a product without one: once, before the threads race to.
    assert clients[0].get(reverse("basket:summary")).status_code == 200

    # when they all place their order at the same moment
    def place(client):
        response = client.post(
            reverse("checkout:preview"), {"action": "place_order"}, follow=True
        )
        path = response.request["PATH_INFO"]
        if path == reverse("checkout:thank-you"):
            return "placed"
        if path == reverse("basket:summary") and (
            sold_out_message() in response.content.decode()
        ):
            return "sold out"
        return f"unexpected: {path} {response.status_code}"

    outcomes = at_the_same_moment(*(partial(place, client) for client in clients))

    # then five are placed, fifteen told the product sold out
    assert sorted(set(outcomes)) == ["placed", "sold out"], outcomes
    assert outcomes.count("placed") == UNITS
    assert outcomes.count("sold out") == CONSUMERS - UNITS
    # and exactly five units are allocated, none beyond the stock
    stockrecord = product.stockrecords.get()
    assert (stockrecord.num_in_stock, stockrecord.num_allocated) == (UNITS, UNITS)
    # and the others left nothing: orders, parts, bookings
    assert Order.objects.count() == UNITS
    assert VendorOrder.objects.count() == UNITS
    assert Reservation.objects.filter(vendor_order__isnull=False).count() == UNITS
    assert Slot.objects.get(pk=slot.pk).reserved == UNITS
    # and they keep their basket, with the product still in it
    open_baskets = Basket.objects.filter(status="Open")
    assert open_baskets.count() == CONSUMERS - UNITS
    assert Line.objects.filter(basket__in=open_baskets, product=product).count() == (
        CONSUMERS - UNITS
    )
