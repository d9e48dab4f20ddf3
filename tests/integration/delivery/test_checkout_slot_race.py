"""Twenty consumers place their orders for the same slot of five places at once.

Through the real checkout, on PostgreSQL: five orders are placed; the fifteen
others are refused with the "slot is full" message and leave nothing behind
(no order, no artisan's order, no stock allocated, no booking).
"""

import threading
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from oscar.core.loading import get_class, get_model

from delivery.checkout import stored_choice
from delivery.models import Reservation, ReservationStatus, Slot
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from vendors.models import FulfilmentMethod, VendorOrder

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")
ArtisanFulfilment = get_class("shipping.methods", "ArtisanFulfilment")

CHECKOUTS = 20
CAPACITY = 5


def full_message():
    """The "slot is full" message, in the language the pages are shown in."""
    with translation.override(settings.LANGUAGE_CODE):
        return escape(gettext("This time slot is full. Please choose another one."))


def consumer_ready_to_place(n, product, vendor, slot):
    """A signed-in consumer with the product in their basket and the slot
    chosen, without a hold (as after an expired one), at the preview."""
    client = Client()
    client.force_login(UserFactory(email=f"client{n}@example.fr"))
    client.post(reverse("basket:add", args=[product.pk]), {"quantity": 1})
    basket = Basket.objects.get(owner__email=f"client{n}@example.fr", status="Open")
    session = client.session
    checkout = CheckoutSessionData(SimpleNamespace(session=session))
    checkout.set_fulfilment(
        {
            vendor.pk: stored_choice(
                vendor, FulfilmentMethod.POINT_PICKUP, point=slot.point, slot=slot
            )
        },
        basket,
    )
    checkout.use_shipping_method(ArtisanFulfilment.code)
    session.save()
    return client


@pytest.mark.django_db(transaction=True)
def test_concurrent_orders_for_one_slot_place_exactly_its_capacity(postgres_db):
    # given twenty consumers ready to place an order for a slot of five places
    vendor = VendorFactory()
    point = PickupPointFactory()
    serving(vendor, point)
    slot = SlotFactory(point=point, capacity=CAPACITY)
    product = create_artisan_product(vendor, "Savon", price="7.50", stock=100)
    clients = [
        consumer_ready_to_place(n, product, vendor, slot) for n in range(CHECKOUTS)
    ]
    assert not Reservation.objects.exists()

    # when they all place their order at the same moment
    start = threading.Barrier(CHECKOUTS)
    outcomes = []
    lock = threading.Lock()

    def place(client):
        try:
            start.wait(timeout=30)
            response = client.post(
                reverse("checkout:preview"), {"action": "place_order"}, follow=True
            )
            path = response.request["PATH_INFO"]
            if path == reverse("checkout:thank-you"):
                result = "placed"
            elif path == reverse("checkout:fulfilment") and (
                full_message() in response.content.decode()
            ):
                result = "full"
            else:
                result = f"unexpected: {path} {response.status_code}"
        except Exception as exc:  # reported below, never swallowed
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=place, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

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
