"""The checkout bench's after-run checks: oversold stock and overbooked slots.

Each check must see a fault made on purpose, and nothing on a database where
orders and bookings went through the shop's own functions.
"""

import pytest
from django.db.models import F
from oscar.core.loading import get_model

from delivery.actions import confirm_reservation, hold_slot
from delivery.models import Reservation, ReservationStatus
from deploy.bench.checkout_checks import (
    allocation_mismatches,
    consistency_report,
    overbooked_slots,
    oversold_stock_records,
)
from tests.factories import VendorFactory, create_artisan_product, place_order
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving

Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory(partner__name="Savonnerie Marius Roux")


def stockrecord_of(product):
    return StockRecord.objects.get(product=product)


def test_a_consistent_database_has_nothing_oversold_or_overbooked(vendor):
    # given every unit of a product sold, through the order creator
    soap = create_artisan_product(vendor, "Savon", stock=3)
    place_order((soap, 2))
    place_order((soap, 1))
    # and a slot filled to its capacity: one hold, one confirmed booking
    point = PickupPointFactory()
    serving(vendor, point)
    slot = SlotFactory(point=point, capacity=2)
    held, booked = Basket.objects.create(), Basket.objects.create()
    hold_slot(slot, vendor, basket_id=held.pk)
    confirm_reservation(slot, vendor, vendor_order=None, basket_id=booked.pk)

    report = consistency_report()

    assert stockrecord_of(soap).num_allocated == 3
    assert report["oversold_units"] == 0
    assert report["oversold_records"] == []
    assert report["overbooked_places"] == 0
    assert report["overbooked_slots"] == []
    assert report["allocation_mismatches"] == []
    assert report["reservation_mismatches"] == []


def test_a_record_allocated_beyond_its_stock_is_oversold(vendor):
    # given 2 units in stock, 2 sold, then the counter pushed one beyond
    soap = create_artisan_product(vendor, "Savon", stock=2)
    place_order((soap, 2))
    record = stockrecord_of(soap)
    StockRecord.objects.filter(pk=record.pk).update(num_allocated=3)

    rows = oversold_stock_records()

    assert rows == [
        {
            "stockrecord_id": record.pk,
            "in_stock": 2,
            "allocated": 3,
            "held_by_lines": 2,
            "oversold": 1,
        }
    ]
    assert consistency_report()["oversold_units"] == 1


def test_lines_holding_more_than_the_stock_are_oversold_whatever_the_counter(
    vendor,
):
    # given two orders of 2 units each on a record that now has only 3,
    # its counter saying 3 (an update lost between two checkouts)
    soap = create_artisan_product(vendor, "Savon", stock=4)
    place_order((soap, 2))
    place_order((soap, 2))
    record = stockrecord_of(soap)
    StockRecord.objects.filter(pk=record.pk).update(num_in_stock=3, num_allocated=3)

    rows = oversold_stock_records()

    assert [(r["stockrecord_id"], r["held_by_lines"], r["oversold"]) for r in rows] == [
        (record.pk, 4, 1)
    ]
    assert allocation_mismatches() == [
        {"stockrecord_id": record.pk, "allocated": 3, "held_by_lines": 4}
    ]


def test_units_given_back_do_not_count_as_held(vendor):
    # given 2 units sold out, one order's allocation given back and its
    # units sold again
    soap = create_artisan_product(vendor, "Savon", stock=2)
    order = place_order((soap, 2))
    order.lines.update(allocation_cancelled=True, num_allocated=0)
    StockRecord.objects.filter(product=soap).update(
        num_allocated=F("num_allocated") - 2
    )
    place_order((soap, 2))

    assert oversold_stock_records() == []


def test_a_slot_with_more_bookings_than_places_is_overbooked(vendor):
    # given a slot of one place, booked by an order, and a second booking
    # written around the capacity check
    point = PickupPointFactory()
    serving(vendor, point)
    slot = SlotFactory(point=point, capacity=1)
    confirm_reservation(slot, vendor, vendor_order=None)
    Reservation.objects.create(
        slot=slot, vendor=vendor, status=ReservationStatus.CONFIRMED
    )
    # and a released booking beside them, which takes no place
    Reservation.objects.create(
        slot=slot, vendor=vendor, status=ReservationStatus.RELEASED
    )

    rows = overbooked_slots()

    assert rows == [
        {"slot_id": slot.pk, "capacity": 1, "reserved": 1, "taken": 2, "overbooked": 1}
    ]
    report = consistency_report()
    assert report["overbooked_places"] == 1
    assert report["reservation_mismatches"] == [
        {"slot_id": slot.pk, "reserved": 1, "taken": 2}
    ]
