"""A workshop pickup: the artisan hands the parcel over with the customer's code."""

from datetime import timedelta

import pytest
from django.urls import reverse

from delivery.actions import confirm_reservation, format_code, mark_no_shows
from delivery.models import ParcelStatus
from tests.factories import VendorFactory
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.functional.vendors.backoffice_shop import artisan_account, vendor_order_for
from vendors.actions import change_vendor_order_status
from vendors.models import FulfilmentMethod, VendorOrderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop_order():
    vendor = VendorFactory()
    workshop = PickupPointFactory(kind="workshop", vendor=vendor, slug="atelier-test")
    serving(vendor, workshop)
    vendor_order = vendor_order_for(vendor)
    # What the checkout freezes for a workshop pickup.
    vendor_order.fulfilment_method = FulfilmentMethod.WORKSHOP_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    reservation = confirm_reservation(
        SlotFactory(point=workshop), vendor, vendor_order=vendor_order
    )
    artisan = artisan_account(vendor)
    for status in ["accepted", "in_preparation", "ready"]:
        change_vendor_order_status(vendor_order, status, user=artisan)
    return vendor_order, reservation, artisan


def hand_over(client, vendor_order, code):
    return client.post(
        reverse("backoffice:order-hand-over", args=[vendor_order.number]),
        {"code": code},
        follow=True,
    )


def test_a_ready_workshop_parcel_counts_as_received(workshop_order):
    _vendor_order, reservation, artisan = workshop_order

    reservation.refresh_from_db()

    assert reservation.parcel_status == ParcelStatus.RECEIVED
    assert reservation.handled_by == artisan


def test_artisan_hands_over_at_the_workshop_once(client, workshop_order):
    vendor_order, reservation, artisan = workshop_order
    client.force_login(artisan)

    detail = client.get(reverse("backoffice:order-detail", args=[vendor_order.number]))
    assert b"workshop-hand-over-form" in detail.content
    hand_over(client, vendor_order, format_code(reservation.pickup_code).lower())
    second = hand_over(client, vendor_order, reservation.pickup_code)

    reservation.refresh_from_db()
    vendor_order.refresh_from_db()
    assert reservation.parcel_status == ParcelStatus.HANDED_OVER
    assert vendor_order.status == VendorOrderStatus.HANDED_OVER
    assert [m.level_tag for m in second.context["messages"]] == ["error"]
    # Collected: no longer a candidate for a no-show.
    assert mark_no_shows(now=reservation.slot.ends_at + timedelta(days=1)) == []


def test_a_wrong_code_at_the_workshop_changes_nothing(client, workshop_order):
    vendor_order, reservation, artisan = workshop_order
    client.force_login(artisan)

    response = hand_over(client, vendor_order, "ZZZZ-ZZZZ")

    reservation.refresh_from_db()
    vendor_order.refresh_from_db()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert reservation.parcel_status == ParcelStatus.RECEIVED
    assert vendor_order.status == VendorOrderStatus.READY


def test_another_artisan_cannot_hand_over_this_parcel(client, workshop_order):
    vendor_order, reservation, _artisan = workshop_order
    client.force_login(artisan_account(VendorFactory()))

    response = client.post(
        reverse("backoffice:order-hand-over", args=[vendor_order.number]),
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
    reservation = confirm_reservation(
        SlotFactory(point=drive), vendor, vendor_order=vendor_order
    )
    client.force_login(artisan_account(vendor))

    response = client.post(
        reverse("backoffice:order-hand-over", args=[vendor_order.number]),
        {"code": reservation.pickup_code},
    )

    reservation.refresh_from_db()
    assert response.status_code == 404
    assert reservation.parcel_status == ParcelStatus.AWAITED
