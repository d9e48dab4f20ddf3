"""The sweep of expired holds racing an order that confirms the same hold.

On PostgreSQL: the order confirms a consumer's hold (locking it) while the
sweep, which listed that hold as expired a moment before, waits for its lock.
Once the order commits, the sweep checks the hold again and leaves it: the
booking keeps its place and its pickup code.
"""

import datetime
import threading
import time

import pytest
from django.db import connection, connections, transaction
from oscar.core.loading import get_model

from delivery.actions import confirm_reservation, hold_slot, release_expired_holds
from delivery.models import Reservation, ReservationStatus, Slot
from tests.factories import VendorFactory, create_artisan_product, place_order
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving

Basket = get_model("basket", "Basket")


def sessions_waiting_for_a_lock():
    with connections["default"].cursor() as cursor:
        # Inside a transaction the statistics views keep their first reading.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_sweep_leaves_a_hold_an_order_confirms_meanwhile(postgres_db):
    # given a consumer's hold that expires at ``expiry``
    vendor = VendorFactory()
    point = PickupPointFactory()
    serving(vendor, point)
    slot = SlotFactory(point=point, capacity=3)
    basket = Basket.objects.create()
    held_at = slot.starts_at - datetime.timedelta(days=1)
    hold = hold_slot(slot, vendor, basket.pk, now=held_at)
    expiry = hold.hold_expires_at
    vendor_order = place_order((create_artisan_product(vendor), 1)).vendor_orders.get()
    confirmed = threading.Event()
    errors = []

    def order_confirms_the_hold():
        try:
            with transaction.atomic():
                confirm_reservation(
                    slot,
                    vendor,
                    vendor_order,
                    basket_id=basket.pk,
                    now=expiry - datetime.timedelta(minutes=1),
                )
                confirmed.set()
                # Keep the hold locked until the sweep waits for it.
                deadline = time.monotonic() + 20
                while sessions_waiting_for_a_lock() == 0:
                    assert time.monotonic() < deadline, "the sweep never waited"
                    time.sleep(0.05)
        except Exception as exc:  # reported below, with the thread's error
            errors.append(exc)
        finally:
            connection.close()

    swept = []

    def sweep_after_it_listed_the_hold():
        try:
            assert confirmed.wait(timeout=20)
            swept.append(
                release_expired_holds(now=expiry + datetime.timedelta(minutes=1))
            )
        except Exception as exc:  # reported below, with the thread's error
            errors.append(exc)
        finally:
            connection.close()

    # when the order and the sweep run at once
    threads = [
        threading.Thread(target=order_confirms_the_hold),
        threading.Thread(target=sweep_after_it_listed_the_hold),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then the booking keeps its place and its code
    assert errors == []
    assert swept == [0]
    booking = Reservation.objects.get(pk=hold.pk)
    assert booking.status == ReservationStatus.CONFIRMED
    assert booking.vendor_order_id == vendor_order.pk
    assert len(booking.pickup_code) == 8
    assert Slot.objects.get(pk=slot.pk).reserved == 1
