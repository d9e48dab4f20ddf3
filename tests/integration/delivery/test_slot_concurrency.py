"""Twenty checkouts race for a slot of five places on PostgreSQL: five win."""

import threading

import pytest
from django.db import connections, transaction
from oscar.core.loading import get_model

from delivery.actions import SlotUnavailable, confirm_reservation
from delivery.models import Reservation, Slot
from tests.factories import VendorFactory
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving

Basket = get_model("basket", "Basket")

CHECKOUTS = 20
CAPACITY = 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_checkouts_never_overbook_a_slot(postgres_db):
    vendor = VendorFactory()
    point = PickupPointFactory()
    serving(vendor, point)
    slot = SlotFactory(point=point, capacity=CAPACITY)
    start = threading.Barrier(CHECKOUTS)
    outcomes = []
    lock = threading.Lock()

    def checkout(basket_id):
        try:
            start.wait(timeout=30)
            with transaction.atomic():
                confirm_reservation(
                    slot, vendor, vendor_order=None, basket_id=basket_id
                )
            result = "booked"
        except SlotUnavailable:
            result = "full"
        except Exception as exc:  # reported below, never swallowed
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    baskets = [Basket.objects.create().pk for _ in range(CHECKOUTS)]
    threads = [threading.Thread(target=checkout, args=(b,)) for b in baskets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    slot.refresh_from_db()
    assert sorted(set(outcomes)) == ["booked", "full"], outcomes
    assert outcomes.count("booked") == CAPACITY
    assert outcomes.count("full") == CHECKOUTS - CAPACITY
    assert slot.reserved == CAPACITY
    assert Reservation.objects.filter(slot=slot).count() == CAPACITY
    assert (
        Slot.objects.get(pk=slot.pk).reserved <= Slot.objects.get(pk=slot.pk).capacity
    )
