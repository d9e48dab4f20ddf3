"""Pickup e-mails to customers and artisans: right people, right content, once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from delivery import tasks
from delivery.actions import confirm_reservation, format_code
from delivery.models import Notification, NotificationKind, ParcelStatus, Reservation
from delivery.notifications import (
    queue_ready_for_pickup_notification,
    queue_slot_confirmed_notification,
)
from tests import factories
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from vendors.models import VendorOrder, VendorOrderStatus

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db


def place_order(vendor, product, customer):
    """A real order of one ``vendor`` product; returns its vendor order."""
    return factories.place_order((product, 1), user=customer).vendor_orders.get()


def book_parcel(point, vendor_order, starts_at):
    slot = SlotFactory(
        point=point,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        capacity=20,
    )
    reservation = confirm_reservation(
        slot,
        vendor_order.vendor,
        vendor_order,
        now=starts_at - datetime.timedelta(days=3),
    )
    return Reservation.objects.select_related("slot", "vendor_order__order").get(
        pk=reservation.pk
    )


def local(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def artisan():
    vendor = VendorFactory(
        partner__name="Calissons du Roy René", email="atelier@calissons.example"
    )
    vendor.product = create_artisan_product(vendor, price="18.90")
    return vendor


@pytest.fixture
def point(artisan):
    point = PickupPointFactory(
        name="Drive de la Joliette",
        address="12 quai de la Joliette",
        postcode="13002",
        commune="Marseille",
    )
    serving(artisan, point)
    return point


@pytest.fixture
def customer():
    return UserFactory(email="lucie@example.fr", first_name="Lucie", last_name="Fabre")


@pytest.fixture
def parcel(artisan, point, customer):
    starts_at = local(timezone.localdate() + datetime.timedelta(days=3), 17)
    return book_parcel(
        point, place_order(artisan, artisan.product, customer), starts_at
    )


def test_the_customer_gets_their_slot_and_code_once(
    parcel, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_slot_confirmed_notification(parcel)
    with django_capture_on_commit_callbacks(execute=True):
        queue_slot_confirmed_notification(parcel)
    tasks.notify_slot_confirmed_task(parcel.pk)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [customer.email]
    assert "Drive de la Joliette" in message.subject
    assert format_code(parcel.pickup_code) in message.body
    assert "12 quai de la Joliette, 13002 Marseille" in message.body
    assert "17:00" in message.body
    assert Notification.objects.filter(
        kind=NotificationKind.SLOT_CONFIRMED, reservation=parcel
    ).exists()


def test_the_customer_is_told_once_when_the_order_is_ready_for_pickup(
    parcel, customer, django_capture_on_commit_callbacks
):
    vendor_order = parcel.vendor_order
    # Not ready yet: nothing is queued.
    assert queue_ready_for_pickup_notification(vendor_order) is False

    VendorOrder.objects.filter(pk=vendor_order.pk).update(
        status=VendorOrderStatus.READY
    )
    vendor_order.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert queue_ready_for_pickup_notification(vendor_order) is True
    tasks.notify_ready_for_pickup_task(parcel.pk)

    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [customer.email]
    assert str(vendor_order.order.number) in message.subject
    assert "Calissons du Roy René" in message.body
    assert format_code(parcel.pickup_code) in message.body


def test_todays_customers_are_reminded_once_and_not_after_collecting(
    artisan, point, customer
):
    # given: two parcels today whose slot is under way, one already collected
    now = timezone.now()
    start_of_day = local(timezone.localdate(), 0)
    starts_at = max(now - datetime.timedelta(minutes=1), start_of_day)
    waiting = book_parcel(
        point, place_order(artisan, artisan.product, customer), starts_at
    )
    collected = book_parcel(
        point,
        place_order(artisan, artisan.product, UserFactory(email="autre@example.fr")),
        starts_at + datetime.timedelta(seconds=1),
    )
    Reservation.objects.filter(pk=collected.pk).update(
        parcel_status=ParcelStatus.HANDED_OVER
    )

    # when: the beat task runs twice
    first_run = tasks.send_pickup_reminders_task()
    second_run = tasks.send_pickup_reminders_task()

    # then
    assert (first_run, second_run) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [customer.email]
    assert format_code(waiting.pickup_code) in mail.outbox[0].body


def test_a_no_show_is_told_to_the_customer_and_the_artisan_once(
    artisan, point, customer
):
    # given: a parcel whose slot ended long enough ago
    starts_at = timezone.now() - datetime.timedelta(hours=3)
    parcel = book_parcel(
        point, place_order(artisan, artisan.product, customer), starts_at
    )

    # when: the beat task runs twice
    marked = tasks.mark_no_shows_task()
    tasks.mark_no_shows_task()

    # then
    parcel.refresh_from_db()
    assert marked == [parcel.pk]
    assert parcel.parcel_status == ParcelStatus.NO_SHOW
    assert sorted(m.to[0] for m in mail.outbox) == [
        "atelier@calissons.example",
        customer.email,
    ]
    to_artisan = next(m for m in mail.outbox if m.to == [artisan.email])
    assert str(parcel.vendor_order.order.number) in to_artisan.body
    assert "Lucie Fabre" in to_artisan.body


def test_an_old_no_show_is_not_announced(artisan, point, customer):
    starts_at = timezone.now() - datetime.timedelta(days=5)
    parcel = book_parcel(
        point, place_order(artisan, artisan.product, customer), starts_at
    )
    Reservation.objects.filter(pk=parcel.pk).update(parcel_status=ParcelStatus.NO_SHOW)

    tasks.mark_no_shows_task()

    assert mail.outbox == []


def test_each_artisan_gets_tomorrows_parcels_by_point_once(artisan, point, customer):
    # given: tomorrow, two parcels of the artisan at two points, one of another
    # artisan (whose shop has no e-mail: its accounts get the digest)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    relay = PickupPointFactory(name="Relais de Cucuron", kind="relay")
    serving(artisan, relay)
    first = book_parcel(
        point, place_order(artisan, artisan.product, customer), local(tomorrow, 17)
    )
    second = book_parcel(
        relay,
        place_order(artisan, artisan.product, UserFactory(first_name="Marius")),
        local(tomorrow, 10),
    )
    potiere = VendorFactory(partner__name="Poterie de Vallauris")
    potiere.partner.users.add(UserFactory(email="potiere@example.fr"))
    serving(potiere, point)
    theirs = book_parcel(
        point,
        place_order(potiere, create_artisan_product(potiere), customer),
        local(tomorrow, 18),
    )
    # a parcel of the day after is not in tomorrow's digest
    later = book_parcel(
        point,
        place_order(artisan, artisan.product, customer),
        local(tomorrow + datetime.timedelta(days=1), 17),
    )

    # when: the daily task runs twice
    assert tasks.send_artisan_pickup_digest_task() == 2
    assert tasks.send_artisan_pickup_digest_task() == 0

    # then
    assert len(mail.outbox) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    to_artisan = by_recipient["atelier@calissons.example"]
    body = to_artisan.body
    assert "Drive de la Joliette" in body and "Relais de Cucuron" in body
    assert str(first.vendor_order.order.number) in body
    assert str(second.vendor_order.order.number) in body
    assert str(theirs.vendor_order.order.number) not in body
    assert str(later.vendor_order.order.number) not in body
    assert "Lucie Fabre" in body
    # the relay's 10:00 parcel comes under the relay, to bring before 10:00
    assert body.index("Relais de Cucuron") < body.index(
        str(second.vendor_order.order.number)
    )
    assert "10:00" in body
    to_potiere = by_recipient["potiere@example.fr"]
    assert str(theirs.vendor_order.order.number) in to_potiere.body
    assert str(first.vendor_order.order.number) not in to_potiere.body
