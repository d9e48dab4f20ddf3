"""A workshop pickup: the artisan hands the parcel over with the customer's code."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.actions import confirm_reservation, format_code
from delivery.models import ParcelStatus
from tests.factories import VendorFactory
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import step
from tests.functional.vendors.backoffice_shop import artisan_account, vendor_order_for
from vendors.lifecycle import mark_no_shows
from vendors.models import FulfilmentMethod, PartAction, VendorOrderStatus

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def today_slot(point):
    """A slot of ``point`` starting now: a hand-over now is on its day."""
    starts_at = timezone.now().replace(second=0, microsecond=0)
    return SlotFactory(
        point=point,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
    )


@pytest.fixture
def workshop_order():
    vendor = VendorFactory()
    workshop = PickupPointFactory(kind="workshop", vendor=vendor, slug="atelier-test")
    serving(vendor, workshop)
    vendor_order = vendor_order_for(vendor)
    # What the checkout freezes for a workshop pickup.
    vendor_order.fulfilment_method = FulfilmentMethod.WORKSHOP_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    slot = today_slot(workshop)
    reservation = confirm_reservation(
        slot,
        vendor,
        vendor_order=vendor_order,
        now=slot.starts_at - datetime.timedelta(days=3),
    )
    artisan = artisan_account(vendor)
    for action in [PartAction.ACCEPT, PartAction.PREPARE, PartAction.MARK_READY]:
        step(vendor_order, action)
    return vendor_order, reservation, artisan


def hand_over(client, vendor_order, code):
    return client.post(
        reverse(
            "backoffice:order-step",
            args=[vendor_order.number, PartAction.HAND_OVER.value],
        ),
        {"code": code},
        follow=True,
    )


def stock_of(vendor_order):
    return StockRecord.objects.get(pk=vendor_order.lines.get().stockrecord_id)


def test_a_ready_workshop_parcel_counts_as_received(workshop_order):
    _vendor_order, reservation, _artisan = workshop_order

    reservation.refresh_from_db()

    assert reservation.parcel_status == ParcelStatus.RECEIVED


def test_artisan_hands_over_at_the_workshop_once(client, workshop_order):
    vendor_order, reservation, artisan = workshop_order
    before = stock_of(vendor_order)
    client.force_login(artisan)

    detail = client.get(reverse("backoffice:order-detail", args=[vendor_order.number]))
    assert f'data-step="{PartAction.HAND_OVER.value}"' in detail.content.decode()
    hand_over(client, vendor_order, format_code(reservation.pickup_code).lower())
    second = hand_over(client, vendor_order, reservation.pickup_code)

    reservation.refresh_from_db()
    vendor_order.refresh_from_db()
    after = stock_of(vendor_order)
    assert reservation.parcel_status == ParcelStatus.HANDED_OVER
    assert vendor_order.status == VendorOrderStatus.COMPLETED
    assert [m.level_tag for m in second.context["messages"]] == ["error"]
    # The unit left the workshop: out of the stock and of the allocation, once.
    assert (after.num_in_stock, after.num_allocated) == (
        before.num_in_stock - 1,
        before.num_allocated - 1,
    )
    # Collected: no longer a candidate for a no-show.
    assert (
        mark_no_shows(now=reservation.slot.ends_at + datetime.timedelta(days=1)) == []
    )


def test_a_wrong_code_at_the_workshop_changes_nothing(client, workshop_order):
    vendor_order, reservation, artisan = workshop_order
    client.force_login(artisan)

    response = hand_over(client, vendor_order, "ZZZZ-ZZZZ")

    reservation.refresh_from_db()
    vendor_order.refresh_from_db()
    assert "alert-danger" in response.content.decode()
    assert reservation.parcel_status == ParcelStatus.RECEIVED
    assert vendor_order.status == VendorOrderStatus.READY


def test_part_of_a_code_does_not_hand_over(client, workshop_order):
    vendor_order, reservation, artisan = workshop_order
    client.force_login(artisan)

    hand_over(client, vendor_order, reservation.pickup_code[:7])

    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.READY


def test_another_artisan_cannot_hand_over_this_parcel(client, workshop_order):
    vendor_order, reservation, _artisan = workshop_order
    client.force_login(artisan_account(VendorFactory()))

    response = client.post(
        reverse(
            "backoffice:order-step",
            args=[vendor_order.number, PartAction.HAND_OVER.value],
        ),
        {"code": reservation.pickup_code},
    )

    reservation.refresh_from_db()
    assert response.status_code == 404
    assert reservation.parcel_status == ParcelStatus.RECEIVED


def test_drive_parcels_are_not_handed_over_from_the_back_office(client):
    vendor = VendorFactory()
    drive = PickupPointFactory()
    serving(vendor, drive)
    vendor_order = vendor_order_for(vendor)
    vendor_order.fulfilment_method = FulfilmentMethod.POINT_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    slot = today_slot(drive)
    reservation = confirm_reservation(
        slot,
        vendor,
        vendor_order=vendor_order,
        now=slot.starts_at - datetime.timedelta(days=3),
    )
    for action in [PartAction.ACCEPT, PartAction.MARK_READY]:
        step(vendor_order, action)
    client.force_login(artisan_account(vendor))

    detail = client.get(reverse("backoffice:order-detail", args=[vendor_order.number]))
    response = hand_over(client, vendor_order, reservation.pickup_code)

    reservation.refresh_from_db()
    vendor_order.refresh_from_db()
    assert f'data-step="{PartAction.HAND_OVER.value}"' not in detail.content.decode()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert reservation.parcel_status == ParcelStatus.AWAITED
    assert vendor_order.status == VendorOrderStatus.READY
