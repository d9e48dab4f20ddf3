"""Scheduled pickup e-mails (the day's reminder, the artisan's digest) and the
no-show sweep: right people, right content, once; none for a closed part."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from delivery import tasks
from delivery.actions import confirm_reservation, format_code
from delivery.models import ParcelStatus, Reservation, ReservationStatus
from tests import factories
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import step
from vendors.lifecycle.tasks import mark_no_shows_task
from vendors.models import ActorRole, FulfilmentMethod, PartAction, VendorOrderStatus

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


def test_a_refused_part_gets_no_reminder_and_is_in_no_digest(artisan, point, customer):
    # given: a parcel today and one tomorrow, both refused by the artisan
    now = timezone.now()
    starts_at = max(now - datetime.timedelta(minutes=1), local(timezone.localdate(), 0))
    today = book_parcel(
        point, place_order(artisan, artisan.product, customer), starts_at
    )
    tomorrow = book_parcel(
        point,
        place_order(artisan, artisan.product, customer),
        local(timezone.localdate() + datetime.timedelta(days=1), 17),
    )
    for parcel in (today, tomorrow):
        step(parcel.vendor_order, PartAction.REFUSE, reason="Plus de pâte d'amande.")
    mail.outbox.clear()

    # when: the day's reminders and tomorrow's digest run
    reminded = tasks.send_pickup_reminders_task()
    digests = tasks.send_artisan_pickup_digest_task()

    # then: nobody is told to collect or bring a parcel that will not come
    assert (reminded, digests) == (0, 0)
    assert mail.outbox == []
    today.refresh_from_db()
    assert today.status == ReservationStatus.RELEASED


def ready_parcel_at(point, vendor_order, starts_at):
    """A parcel booked at ``starts_at``, made ready and received at ``point``."""
    vendor_order.fulfilment_method = FulfilmentMethod.POINT_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    parcel = book_parcel(point, vendor_order, starts_at)
    step(vendor_order, PartAction.ACCEPT)
    step(vendor_order, PartAction.MARK_READY)
    step(vendor_order, PartAction.CHECK_IN, ActorRole.LOGISTICS)
    return parcel


def test_a_no_show_is_marked_once_and_told_to_the_customer_and_the_artisan(
    artisan, point, customer, django_capture_on_commit_callbacks
):
    # given: a parcel received at its point whose slot ended long enough ago
    starts_at = timezone.now() - datetime.timedelta(hours=3)
    parcel = ready_parcel_at(
        point, place_order(artisan, artisan.product, customer), starts_at
    )
    mail.outbox.clear()

    # when: the beat task runs twice
    with django_capture_on_commit_callbacks(execute=True):
        marked = mark_no_shows_task()
    with django_capture_on_commit_callbacks(execute=True):
        again = mark_no_shows_task()

    # then
    parcel.refresh_from_db()
    vendor_order = parcel.vendor_order
    vendor_order.refresh_from_db()
    assert (marked, again) == ([vendor_order.number], [])
    assert parcel.parcel_status == ParcelStatus.NO_SHOW
    assert vendor_order.status == VendorOrderStatus.NO_SHOW
    assert sorted(m.to[0] for m in mail.outbox) == [
        "atelier@calissons.example",
        customer.email,
    ]
    to_artisan = next(m for m in mail.outbox if m.to == [artisan.email])
    assert str(vendor_order.order.number) in to_artisan.body


def test_a_parcel_never_brought_is_no_customers_no_show(artisan, point, customer):
    # given: a part made ready whose parcel never reached the point
    starts_at = timezone.now() - datetime.timedelta(hours=3)
    vendor_order = place_order(artisan, artisan.product, customer)
    vendor_order.fulfilment_method = FulfilmentMethod.POINT_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    parcel = book_parcel(point, vendor_order, starts_at)
    step(vendor_order, PartAction.ACCEPT)
    step(vendor_order, PartAction.MARK_READY)

    assert mark_no_shows_task() == []

    parcel.refresh_from_db()
    assert parcel.parcel_status == ParcelStatus.AWAITED


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
