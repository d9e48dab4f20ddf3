"""The demo's orders: the demo consumer's orders, placed and moved on through
the shop's own code paths, collected at pickup and paid there."""

import datetime
from decimal import Decimal as D
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.models import ParcelStatus, Reservation, ReservationStatus
from shop.apps.core.demo.loader import load_demo
from shop.apps.payment.models import (
    CollectionHolder,
    CollectionMethod,
    PickupCollection,
    Refund,
)
from vendors.invoicing.models import CreditNote, Invoice
from vendors.models import FulfilmentMethod, VendorOrder, VendorOrderStatus

Order = get_model("order", "Order")
Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")
User = get_user_model()

COMPLETED, IN_PROGRESS = "DEMO-0001", "DEMO-0002"


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, rolled back after its last test."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


pytestmark = pytest.mark.django_db


def parts_of(number):
    return {
        vo.vendor.slug: vo
        for vo in VendorOrder.objects.filter(order__number=number).select_related(
            "vendor", "pickup_collection__point", "reservation__slot__point"
        )
    }


def recent(moment):
    """In the last weeks, and never in the future."""
    now = timezone.now()
    return now - datetime.timedelta(days=15) <= moment <= now


def order_placed_before(vendor_order, collection):
    return vendor_order.order.date_placed < collection.collected_at


def test_the_demo_consumer_has_an_order_from_three_artisans_completed_at_pickup():
    order = Order.objects.get(number=COMPLETED)
    parts = parts_of(COMPLETED)

    assert order.user.email == "consommateur@demo.fr"
    assert recent(order.date_placed)
    assert set(parts) == {
        "atelier-du-garlaban",
        "santons-magali-fabre",
        "savonnerie-marius-roux",
    }
    assert {vo.status for vo in parts.values()} == {VendorOrderStatus.COMPLETED}
    assert sum(vo.customer_total for vo in parts.values()) == order.total_incl_tax
    # One franchise artisan (its invoice carries the 293 B mention) and two
    # subject to VAT.
    assert parts["atelier-du-garlaban"].vendor.vat_regime == "franchise"
    assert {parts[c].vendor.vat_regime for c in parts} == {"franchise", "20"}


def test_each_part_was_paid_where_it_was_collected_on_its_slots_day():
    parts = parts_of(COMPLETED)

    workshop = parts["atelier-du-garlaban"]
    drive = parts["santons-magali-fabre"]
    assert workshop.fulfilment_method == FulfilmentMethod.WORKSHOP_PICKUP
    assert drive.fulfilment_method == FulfilmentMethod.POINT_PICKUP
    assert workshop.pickup_collection.holder == CollectionHolder.ARTISAN
    assert workshop.pickup_collection.method == CollectionMethod.CARD
    assert drive.pickup_collection.holder == CollectionHolder.CHAMBER
    assert drive.pickup_collection.method == CollectionMethod.CASH
    for vendor_order in parts.values():
        collection = vendor_order.pickup_collection
        booking = vendor_order.reservation
        assert collection.amount == vendor_order.customer_total
        assert collection.point == booking.slot.point
        assert booking.status == ReservationStatus.CONFIRMED
        assert booking.parcel_status == ParcelStatus.HANDED_OVER
        assert timezone.localtime(booking.handed_over_at).date() == (
            timezone.localtime(booking.slot.starts_at).date()
        )
        assert recent(collection.collected_at)
        assert order_placed_before(vendor_order, collection)


def test_an_order_in_progress_waits_at_a_drive_point_of_the_logistics_account():
    [vendor_order] = parts_of(IN_PROGRESS).values()
    booking = vendor_order.reservation

    assert vendor_order.status == VendorOrderStatus.READY
    assert vendor_order.fulfilment_method == FulfilmentMethod.POINT_PICKUP
    assert booking.parcel_status == ParcelStatus.RECEIVED
    assert booking.slot.starts_at > timezone.now()
    assert booking.slot.point.staff.filter(email="logistique@demo.fr").exists()
    assert not PickupCollection.objects.filter(vendor_order=vendor_order).exists()


def test_a_refund_made_at_pickup_gave_back_one_chipped_santon_in_cash():
    drive = parts_of(COMPLETED)["santons-magali-fabre"]
    santon = Line.objects.get(order=drive.order, upc="SMF-002")

    [refund] = Refund.objects.filter(vendor_order=drive)
    assert refund.refund_id == f"pickup-{drive.number}-1"
    assert refund.amount == santon.unit_price_incl_tax == D("19.50")
    assert refund.method == CollectionMethod.CASH
    assert refund.holder == CollectionHolder.CHAMBER
    assert refund.created_by.email == "admin@demo.fr"
    assert Refund.objects.count() == 1


def test_each_completed_part_is_invoiced_and_the_refund_credited():
    parts = parts_of(COMPLETED)
    refund = Refund.objects.get(vendor_order=parts["santons-magali-fabre"])

    invoices = Invoice.objects.filter(vendor_order__in=parts.values())
    assert {invoice.vendor_order.vendor.slug for invoice in invoices} == set(parts)
    credit_note = CreditNote.objects.get(refund=refund)
    assert credit_note.invoice.vendor_order == parts["santons-magali-fabre"]
    assert not Invoice.objects.filter(vendor_order__order__number=IN_PROGRESS)


def test_the_consumer_sees_the_demo_order_on_their_order_page(client):
    client.force_login(User.objects.get(email="consommateur@demo.fr"))

    response = client.get(reverse("customer:order", kwargs={"order_number": COMPLETED}))

    assert response.status_code == 200
    page = response.content.decode()
    for vendor_order in parts_of(COMPLETED).values():
        assert vendor_order.vendor.name in page
    listing = client.get(reverse("customer:order-list")).content.decode()
    assert COMPLETED in listing and IN_PROGRESS in listing


def test_loading_the_demo_again_places_nothing():
    counts = {
        model: model._default_manager.count()
        for model in (Order, VendorOrder, Reservation, PickupCollection, Refund)
    }
    notes = OrderNote.objects.count()

    report = load_demo()

    assert report.created["demo orders"] == 0
    assert report.present["demo orders"] == 2
    assert not report.anything_created
    assert {m: m._default_manager.count() for m in counts} == counts
    assert OrderNote.objects.count() == notes
