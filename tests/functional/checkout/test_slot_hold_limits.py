"""A pickup slot cannot be filled by holds: a hold belongs to a basket, and one
basket, or one address, holds only a few places at once."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from oscar.core.loading import get_model

from delivery.actions import SlotUnavailable, hold_slot, hold_source
from delivery.models import Reservation, ReservationStatus, Slot
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db

TOO_MANY = (
    "Too many pickup slots are held from your connection at the moment. Please "
    "finish an order in progress, or try again in a few minutes."
)


def shown(message):
    with translation.override(settings.LANGUAGE_CODE):
        return escape(gettext(message))


@pytest.fixture
def drive_slot():
    vendor = VendorFactory()
    point = PickupPointFactory()
    serving(vendor, point)
    slot = SlotFactory(
        point=point,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        capacity=40,
    )
    slot.vendor = vendor
    slot.product = create_artisan_product(vendor, "Savon", price="7.50", stock=100)
    return slot


def guest_at_the_pickup_step(address, product):
    """An anonymous visitor from ``address`` with the product in their basket,
    at the "delivery or pickup" step as a guest."""
    client = Client(REMOTE_ADDR=address)
    client.post(reverse("basket:add", args=[product.pk]), {"quantity": 1})
    client.post(
        reverse("checkout:index"),
        {"username": "invite@example.fr", "options": "anonymous"},
    )
    return client


def hold(client, slot):
    vendor = slot.vendor
    return client.post(
        reverse("checkout:fulfilment"),
        {
            f"v{vendor.pk}-choice": f"point_pickup:{slot.point_id}",
            f"v{vendor.pk}-slot-{slot.point_id}": slot.pk,
        },
    )


def test_guests_from_one_address_cannot_fill_a_slot(drive_slot, settings):
    settings.SLOT_HOLDS_PER_ADDRESS = 3

    # given visitors from one address, each with their own session and basket
    responses = [
        hold(guest_at_the_pickup_step("203.0.113.7", drive_slot.product), drive_slot)
        for _ in range(5)
    ]
    # and one visitor from elsewhere
    elsewhere = hold(
        guest_at_the_pickup_step("198.51.100.2", drive_slot.product), drive_slot
    )

    # then three hold a place, the others are told why, the visitor from
    # elsewhere holds one
    assert [r.status_code for r in responses] == [302, 302, 302, 200, 200]
    assert all(shown(TOO_MANY) in r.content.decode() for r in responses[3:])
    assert elsewhere.status_code == 302
    assert Slot.objects.get(pk=drive_slot.pk).reserved == 4
    assert Reservation.objects.filter(status=ReservationStatus.HELD).count() == 4
    # and no hold keeps the address itself
    assert not Reservation.objects.filter(held_from__contains="203.0.113").exists()


def test_holds_belong_to_their_basket(drive_slot):
    basket = Basket.objects.create()

    hold_slot(drive_slot, drive_slot.vendor, basket.pk)

    assert list(basket.slot_reservations.values_list("slot_id", flat=True)) == [
        drive_slot.pk
    ]


def test_a_basket_holds_a_few_places_at_most(drive_slot, settings):
    settings.SLOT_HOLDS_PER_BASKET = 2
    basket = Basket.objects.create()
    vendors = [VendorFactory() for _ in range(3)]
    for vendor in vendors:
        serving(vendor, drive_slot.point)

    hold_slot(drive_slot, vendors[0], basket.pk)
    hold_slot(drive_slot, vendors[1], basket.pk)
    with pytest.raises(SlotUnavailable):
        hold_slot(drive_slot, vendors[2], basket.pk)
    # choosing again for an artisan it holds for is no new place
    hold_slot(drive_slot, vendors[1], basket.pk)

    assert Slot.objects.get(pk=drive_slot.pk).reserved == 2


def test_expired_holds_do_not_count_against_an_address(drive_slot, settings):
    settings.SLOT_HOLDS_PER_ADDRESS = 1
    source = hold_source("203.0.113.7")
    # a hold taken a day ago, whose quarter of an hour is long over
    hold_slot(
        drive_slot,
        drive_slot.vendor,
        Basket.objects.create().pk,
        held_from=source,
        now=timezone.now() - datetime.timedelta(days=1),
    )

    hold_slot(
        drive_slot, drive_slot.vendor, Basket.objects.create().pk, held_from=source
    )

    assert Reservation.objects.filter(held_from=source).count() == 2
