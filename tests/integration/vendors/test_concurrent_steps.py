"""Two steps on one artisan's part at the same moment, on PostgreSQL: the
conductor's row locks let one through, and the other is refused on what the
first left; stock and payment are written once."""

import datetime
from decimal import Decimal as D

import pytest
from oscar.core.loading import get_model

from delivery.actions import booking_of, confirm_reservation
from shop.apps.payment.models import PickupCollection
from tests.factories import VendorFactory, create_artisan_product, place_order
from tests.factories.concurrency import at_the_same_moment
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import bring_to, hand_over, paid_at_pickup, step
from vendors.lifecycle import StepRefused
from vendors.models import FulfilmentMethod, PartAction, VendorOrderStatus

Source = get_model("payment", "Source")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def ready_parcel(postgres_db):
    """A part of two units paid at pickup, its parcel received at a drive."""
    vendor = VendorFactory()
    point = PickupPointFactory()
    serving(vendor, point)
    product = create_artisan_product(vendor, price="7.50", stock=10)
    order = place_order((product, 2))
    vendor_order = order.vendor_orders.get()
    vendor_order.fulfilment_method = FulfilmentMethod.POINT_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    slot = SlotFactory(point=point)
    confirm_reservation(
        slot, vendor, vendor_order, now=slot.starts_at - datetime.timedelta(days=3)
    )
    paid_at_pickup(vendor_order)
    bring_to(vendor_order, VendorOrderStatus.READY)
    vendor_order.stockrecord = StockRecord.objects.get(product=product)
    return vendor_order


def attempt(step):
    """Take ``step`` (a callable); "done", or "refused" with the conductor's
    message."""

    def work():
        try:
            step()
        except StepRefused:
            return "refused"
        return "done"

    return work


@pytest.mark.django_db(transaction=True)
def test_a_parcel_handed_over_twice_at_once_is_handed_over_once(ready_parcel):
    outcomes = at_the_same_moment(
        attempt(lambda: hand_over(ready_parcel)),
        attempt(lambda: hand_over(ready_parcel)),
    )

    assert sorted(outcomes) == ["done", "refused"]
    record = StockRecord.objects.get(pk=ready_parcel.stockrecord.pk)
    assert (record.num_in_stock, record.num_allocated) == (8, 0)
    assert PickupCollection.objects.filter(vendor_order=ready_parcel).count() == 1
    assert Source.objects.get(order=ready_parcel.order).amount_debited == D("15.00")


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_racing_a_hand_over_leaves_one_outcome(ready_parcel):
    outcomes = at_the_same_moment(
        attempt(lambda: hand_over(ready_parcel)),
        attempt(lambda: step(ready_parcel, PartAction.CANCEL, reason="Colis abîmé.")),
    )

    assert sorted(outcomes) == ["done", "refused"]
    ready_parcel.refresh_from_db()
    record = StockRecord.objects.get(pk=ready_parcel.stockrecord.pk)
    booking = booking_of(ready_parcel)
    if ready_parcel.status == VendorOrderStatus.COMPLETED:
        # handed over: the goods left, and the customer paid
        assert (record.num_in_stock, record.num_allocated) == (8, 0)
        assert PickupCollection.objects.filter(vendor_order=ready_parcel).exists()
    else:
        # cancelled: the goods are back for sale, the place given back
        assert ready_parcel.status == VendorOrderStatus.CANCELLED
        assert (record.num_in_stock, record.num_allocated) == (10, 0)
        assert booking is None
        assert not PickupCollection.objects.exists()
