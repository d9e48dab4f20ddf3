"""Twelve customers' apps check out the last four units at the same moment.

Through the API's checkout, on PostgreSQL: the web checkout's placement runs
for each, so exactly four orders are placed and four units allocated; the
others get a 409 saying the product ran out, keep their basket, and leave
nothing behind (no order, no part, no booking)."""

from functools import partial

import pytest
from oscar.core.loading import get_model

from delivery.models import Reservation, Slot
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.concurrency import at_the_same_moment
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.functional.api.consumer.conftest import consumer_client
from vendors.models import FulfilmentMethod, VendorOrder

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

pytestmark = [
    pytest.mark.service("postgres"),
]

CONSUMERS = 12
UNITS = 4
TITLE = "Savon à l'huile d'olive"


@pytest.mark.django_db(transaction=True)
def test_customers_checking_out_at_once_place_exactly_the_units_in_stock(
    postgres_db, settings
):
    # given four units left, and twelve apps with the product in their basket
    settings.STRIPE_SECRET_KEY = ""
    vendor = VendorFactory(partner__name="Savonnerie Marius")
    point = PickupPointFactory()
    serving(vendor, point)
    slot = SlotFactory(point=point, capacity=50)
    product = create_artisan_product(vendor, TITLE, price="7.50", stock=UNITS)
    clients = [
        consumer_client(UserFactory(email=f"client{n}@example.fr"))
        for n in range(CONSUMERS)
    ]
    for client in clients:
        added = client.post(
            "/api/v1/me/basket/lines/", {"product": product.pk}, format="json"
        )
        assert added.status_code == 201, added.content
    payload = {
        "fulfilment": {
            vendor.slug: {
                "method": FulfilmentMethod.POINT_PICKUP,
                "point": point.pk,
                "slot": slot.pk,
            }
        },
        "payment": "pay_at_pickup",
    }

    # when they all check out at the same moment
    def check_out(client):
        response = client.post("/api/v1/me/checkout/", payload, format="json")
        if response.status_code == 201:
            return "placed"
        if response.status_code == 409 and TITLE in response.json()["detail"]:
            return "sold out"
        return f"unexpected: {response.status_code} {response.content[:200]}"

    outcomes = at_the_same_moment(*(partial(check_out, c) for c in clients))

    # then exactly the units in stock are placed, the others told it sold out
    assert sorted(set(outcomes)) == ["placed", "sold out"], outcomes
    assert outcomes.count("placed") == UNITS
    stockrecord = product.stockrecords.get()
    assert (stockrecord.num_in_stock, stockrecord.num_allocated) == (UNITS, UNITS)
    assert Order.objects.count() == UNITS
    assert VendorOrder.objects.count() == UNITS
    assert Reservation.objects.filter(vendor_order__isnull=False).count() == UNITS
    assert Slot.objects.get(pk=slot.pk).reserved == UNITS
    # and the others keep their basket, with the product in it
    kept = Basket.objects.filter(status="Open", lines__product=product)
    assert kept.count() == CONSUMERS - UNITS
