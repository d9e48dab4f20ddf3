"""Twenty consumers place their orders for the same slot of five places at once.

Through the real checkout, on PostgreSQL: five orders are placed; the fifteen
others are refused with the "slot is full" message and leave nothing behind
(no order, no artisan's order, no stock allocated, no booking).
"""

from functools import partial

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from oscar.core.loading import get_model

from delivery.models import Reservation, ReservationStatus, Slot
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.checkout import consumer_at_the_preview
from tests.factories.concurrency import at_the_same_moment
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from vendors.models import VendorOrder

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

CHECKOUTS = 20
CAPACITY = 5


def full_message():
    """The "slot is full" message, in the language the pages are shown in."""
    with translation.override(settings.LANGUAGE_CODE):
        return escape(gettext("This time slot is full. Please choose another one."))


@pytest.mark.django_db(transaction=True)
def test_concurrent_orders_for_one_slot_place_exactly_its_capacity(postgres_db):
    # given twenty consumers ready to place an order for a slot of five places
    vendor = VendorFactory()
    point = PickupPointFactory()
    serving(vendor, point)
    slot = SlotFactory(point=point, capacity=CAPACITY)
    product = create_artisan_product(vendor, "Savon", price="7.50", stock=100)
    clients = [
        consumer_at_the_preview(f"client{n}@example.fr", product, vendor, slot)
        for n in range(CHECKOUTS)
    ]
    assert not Reservation.objects.exists()

    # when they all place their order at the same moment
    def place(client):
        response = client.post(
            reverse("checkout:preview"), {"action": "place_order"}, follow=True
        )
        path = response.request["PATH_INFO"]
        if path == reverse("checkout:thank-you"):
            return "placed"
        if path == reverse("checkout:fulfilment") and (
            full_message() in response.content.decode()
        ):
            return "full"
        return f"unexpected: {path} {response.status_code}"

    outcomes = at_the_same_moment(*(partial(place, client) for client in clients))

    # then five are placed and fifteen refused with the "full" message
    assert sorted(set(outcomes)) == ["full", "placed"], outcomes
    assert outcomes.count("placed") == CAPACITY
    assert outcomes.count("full") == CHECKOUTS - CAPACITY
    # and the refused ones left nothing: orders, parts, bookings, stock
    assert Order.objects.count() == CAPACITY
    assert VendorOrder.objects.count() == CAPACITY
    assert Slot.objects.get(pk=slot.pk).reserved == CAPACITY
    confirmed = Reservation.objects.filter(status=ReservationStatus.CONFIRMED)
    assert confirmed.count() == CAPACITY
    assert set(confirmed.values_list("vendor_order__order_id", flat=True)) == set(
        Order.objects.values_list("pk", flat=True)
    )
    assert Reservation.objects.count() == CAPACITY
    assert product.stockrecords.get().num_allocated == CAPACITY
    assert Basket.objects.filter(status="Open").count() == CHECKOUTS - CAPACITY
