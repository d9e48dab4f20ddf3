"""What each step of an artisan's order does: status, stock, slot, payment at
pickup, e-mails; and the steps refused, which change nothing.

Each step is taken through the conductor (``vendors.lifecycle.perform``) as the
back office, the console and the tasks take it. Parts paid online (refunds,
payouts) are in ``tests/integration/payment/test_lifecycle_payments.py``.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.core import mail
from oscar.core.loading import get_model

from delivery.actions import booking_of, confirm_reservation
from delivery.models import ParcelStatus, PickupPointKind, ReservationStatus, Slot
from shop.apps.payment.models import PickupCollection
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories import place_order as place
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import (
    artisan_account,
    bring_to,
    hand_over,
    paid_at_pickup,
    step,
)
from vendors.lifecycle import Actor, StepInput, StepRefused, perform
from vendors.models import (
    ActorRole,
    FulfilmentMethod,
    PartAction,
    PartEmail,
    Vendor,
    VendorOrderEvent,
    VendorOrderStatus,
)

Line = get_model("order", "Line")
Source = get_model("payment", "Source")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

S, R, A, E = VendorOrderStatus, ActorRole, PartAction, PartEmail
DELIVERY = FulfilmentMethod.DELIVERY
WORKSHOP = FulfilmentMethod.WORKSHOP_PICKUP
POINT = FulfilmentMethod.POINT_PICKUP
QUANTITY = 2
STOCK = 10


@pytest.fixture
def shop():
    vendor = VendorFactory(
        partner__name="Savonnerie Marius", email="atelier@savonnerie.example"
    )
    vendor.product = create_artisan_product(vendor, "Savon", price="7.50", stock=STOCK)
    vendor.drive = PickupPointFactory(name="Drive de la Joliette")
    vendor.workshop = PickupPointFactory(
        kind=PickupPointKind.WORKSHOP, vendor=vendor, slug="atelier-marius"
    )
    serving(vendor, vendor.drive)
    serving(vendor, vendor.workshop)
    # Read again: what it serves now, not what the first ``serving`` cached.
    shop = Vendor.objects.select_related("partner", "fulfilment").get(pk=vendor.pk)
    shop.product, shop.drive, shop.workshop = (
        vendor.product,
        vendor.drive,
        vendor.workshop,
    )
    return shop


def new_part(shop, method):
    """A part of ``QUANTITY`` units placed by a customer, to be paid at pickup
    when collected, its slot booked two days ahead."""
    customer = UserFactory(email="jeanne@example.fr")
    order = place((shop.product, QUANTITY), user=customer)
    vendor_order = order.vendor_orders.get()
    vendor_order.fulfilment_method = method
    vendor_order.save(update_fields=["fulfilment_method"])
    if method != DELIVERY:
        point = shop.workshop if method == WORKSHOP else shop.drive
        slot = SlotFactory(point=point, capacity=5)
        confirm_reservation(
            slot, shop, vendor_order, now=slot.starts_at - datetime.timedelta(days=3)
        )
        paid_at_pickup(vendor_order)
    return vendor_order


def stock_of(shop):
    record = StockRecord.objects.get(product=shop.product)
    return record.num_in_stock, record.num_allocated


def slot_state(vendor_order):
    booking = vendor_order.reservation if hasattr(vendor_order, "reservation") else None
    if booking is None:
        return None
    booking.refresh_from_db()
    return (
        Slot.objects.get(pk=booking.slot_id).reserved,
        booking.status,
        booking.parcel_status,
    )


def take(vendor_order, action, role):
    if action == A.HAND_OVER:
        return hand_over(vendor_order)
    inputs = {}
    if action in (A.REFUSE, A.CANCEL):
        inputs["reason"] = "Four en panne."
    if action == A.TAKE_BACK:
        inputs["restock"] = True
    if action == A.SHIP:
        inputs.update(carrier="Colissimo", tracking_number="6A12345678901")
    if action == A.NO_SHOW:
        booking = booking_of(vendor_order)
        inputs["now"] = booking.slot.ends_at + datetime.timedelta(hours=2)
    return step(vendor_order, action, role, **inputs)


KEEP, USE_UP, GIVE_BACK = (0, 0), (-QUANTITY, -QUANTITY), (0, -QUANTITY)

# action, role, method, from, to, stock change (in stock, allocated),
# slot place change, parcel afterwards, e-mail to customer, to artisan
STEPS = [
    (A.ACCEPT, R.ARTISAN, DELIVERY, S.NEW, S.ACCEPTED, KEEP, 0, None, E.ACCEPTED, ""),
    (A.REFUSE, R.ARTISAN, POINT, S.NEW, S.REFUSED, GIVE_BACK, -1, None, E.REFUSED, ""),
    (
        A.PREPARE,
        R.ARTISAN,
        DELIVERY,
        S.ACCEPTED,
        S.IN_PREPARATION,
        KEEP,
        0,
        None,
        "",
        "",
    ),
    (
        A.SHIP,
        R.ARTISAN,
        DELIVERY,
        S.IN_PREPARATION,
        S.SHIPPED,
        USE_UP,
        0,
        None,
        E.SHIPPED,
        "",
    ),
    (
        A.CONFIRM_DELIVERY,
        R.ARTISAN,
        DELIVERY,
        S.SHIPPED,
        S.COMPLETED,
        KEEP,
        0,
        None,
        "",
        "",
    ),
    (
        A.MARK_READY,
        R.ARTISAN,
        WORKSHOP,
        S.IN_PREPARATION,
        S.READY,
        KEEP,
        0,
        ParcelStatus.RECEIVED,
        E.READY_AT_WORKSHOP,
        "",
    ),
    (
        A.MARK_READY,
        R.ARTISAN,
        POINT,
        S.IN_PREPARATION,
        S.READY,
        KEEP,
        0,
        ParcelStatus.AWAITED,
        "",
        "",
    ),
    (
        A.CHECK_IN,
        R.LOGISTICS,
        POINT,
        S.IN_PREPARATION,
        S.READY,
        KEEP,
        0,
        ParcelStatus.RECEIVED,
        E.READY_AT_POINT,
        "",
    ),
    (
        A.HAND_OVER,
        R.ARTISAN,
        WORKSHOP,
        S.READY,
        S.COMPLETED,
        USE_UP,
        0,
        ParcelStatus.HANDED_OVER,
        E.HANDED_OVER,
        "",
    ),
    (
        A.HAND_OVER,
        R.LOGISTICS,
        POINT,
        S.READY,
        S.COMPLETED,
        USE_UP,
        0,
        ParcelStatus.HANDED_OVER,
        E.HANDED_OVER,
        "",
    ),
    (
        A.NO_SHOW,
        R.SYSTEM,
        POINT,
        S.READY,
        S.NO_SHOW,
        KEEP,
        0,
        ParcelStatus.NO_SHOW,
        E.NO_SHOW,
        E.NO_SHOW_ARTISAN,
    ),
    (
        A.HAND_OVER,
        R.LOGISTICS,
        POINT,
        S.NO_SHOW,
        S.COMPLETED,
        USE_UP,
        0,
        ParcelStatus.HANDED_OVER,
        E.HANDED_OVER,
        "",
    ),
    (
        A.TAKE_BACK,
        R.ARTISAN,
        WORKSHOP,
        S.NO_SHOW,
        S.RETURNED,
        GIVE_BACK,
        0,
        ParcelStatus.RETURNED,
        E.RETURNED,
        "",
    ),
    (
        A.CANCEL,
        R.ARTISAN,
        POINT,
        S.READY,
        S.CANCELLED,
        GIVE_BACK,
        -1,
        None,
        E.CANCELLED,
        "",
    ),
    (
        A.CANCEL,
        R.STAFF,
        WORKSHOP,
        S.NEW,
        S.CANCELLED,
        GIVE_BACK,
        -1,
        None,
        E.CANCELLED,
        E.CANCELLED_ARTISAN,
    ),
    (
        A.CANCEL,
        R.STAFF,
        DELIVERY,
        S.IN_PREPARATION,
        S.CANCELLED,
        GIVE_BACK,
        0,
        None,
        E.CANCELLED,
        E.CANCELLED_ARTISAN,
    ),
]


@pytest.mark.parametrize(
    (
        "action",
        "role",
        "method",
        "source",
        "target",
        "stock",
        "place",
        "parcel",
        "to_customer",
        "to_artisan",
    ),
    STEPS,
    ids=[f"{a.value}-{r.value}-{m.value}-{s.value}" for a, r, m, s, *_ in STEPS],
)
def test_each_step_has_its_consequences(
    shop,
    django_capture_on_commit_callbacks,
    action,
    role,
    method,
    source,
    target,
    stock,
    place,
    parcel,
    to_customer,
    to_artisan,
):
    # given a part in ``source``
    vendor_order = bring_to(new_part(shop, method), source)
    stock_before = stock_of(shop)
    slot_before = slot_state(vendor_order)
    mail.outbox.clear()

    # when the step is taken
    with django_capture_on_commit_callbacks(execute=True):
        event = take(vendor_order, action, role)

    # then the part and its order moved on, with the step recorded
    vendor_order.refresh_from_db()
    assert vendor_order.status == target
    assert (event.action, event.role, event.from_status, event.to_status) == (
        action,
        role,
        source,
        target,
    )
    # stock: used up, given back, or kept
    in_stock, allocated = stock_of(shop)
    assert (in_stock - stock_before[0], allocated - stock_before[1]) == stock
    # slot: its place given back (the code stops working), or kept
    if slot_before is not None:
        reserved, booking_status, parcel_status = slot_state(vendor_order)
        assert reserved - slot_before[0] == place
        if place:
            assert booking_status == ReservationStatus.RELEASED
        else:
            assert parcel_status == parcel
    # e-mails: the ones the step calls for, each sent once
    assert (event.customer_email, event.artisan_email) == (to_customer, to_artisan)
    sent_to = sorted(m.to[0] for m in mail.outbox)
    expected = sorted(
        address
        for address, name in (
            ("jeanne@example.fr", to_customer),
            ("atelier@savonnerie.example", to_artisan),
        )
        if name
    )
    assert sent_to == expected
    assert all(
        m.alternatives and m.alternatives[0][1] == "text/html" for m in mail.outbox
    )


def test_stock_is_used_up_once_at_hand_over_and_never_again(shop):
    vendor_order = bring_to(new_part(shop, WORKSHOP), S.READY)

    hand_over(vendor_order)
    with pytest.raises(StepRefused):
        hand_over(vendor_order)

    assert stock_of(shop) == (STOCK - QUANTITY, 0)
    line = Line.objects.get(order=vendor_order.order)
    assert (line.num_allocated, line.allocation_cancelled) == (0, False)


def test_a_cancelled_part_gives_its_stock_and_slot_back_once(shop):
    vendor_order = bring_to(new_part(shop, POINT), S.ACCEPTED)
    reserved = Slot.objects.get(pk=booking_of(vendor_order).slot_id).reserved

    step(vendor_order, A.CANCEL, reason="Four en panne.")
    with pytest.raises(StepRefused):
        step(vendor_order, A.CANCEL, reason="Encore.")

    assert stock_of(shop) == (STOCK, 0)
    line = Line.objects.get(order=vendor_order.order)
    assert (line.num_allocated, line.allocation_cancelled) == (0, True)
    assert Slot.objects.get(pk=vendor_order.reservation.slot_id).reserved == (
        reserved - 1
    )


def test_a_part_paid_at_pickup_is_recorded_paid_once_at_its_hand_over(shop):
    vendor_order = bring_to(new_part(shop, POINT), S.READY)

    event = hand_over(vendor_order, method="card")

    collection = PickupCollection.objects.get(vendor_order=vendor_order)
    assert collection.amount == vendor_order.total_incl_tax == D("15.00")
    assert collection.method == "card"
    assert event.details["collected"] == "15.00"
    source = Source.objects.get(order=vendor_order.order)
    assert source.amount_debited == D("15.00")


def test_a_no_show_taken_back_without_restocking_uses_the_goods_up(shop):
    vendor_order = bring_to(new_part(shop, POINT), S.NO_SHOW)

    step(vendor_order, A.TAKE_BACK, restock=False)

    vendor_order.refresh_from_db()
    assert vendor_order.status == S.RETURNED
    assert stock_of(shop) == (STOCK - QUANTITY, 0)


def test_taking_back_asks_whether_the_goods_go_back_in_stock(shop):
    vendor_order = bring_to(new_part(shop, POINT), S.NO_SHOW)

    with pytest.raises(StepRefused):
        step(vendor_order, A.TAKE_BACK)

    vendor_order.refresh_from_db()
    assert vendor_order.status == S.NO_SHOW


def test_a_refusal_without_a_reason_changes_nothing(shop):
    vendor_order = new_part(shop, POINT)

    with pytest.raises(StepRefused):
        step(vendor_order, A.REFUSE, reason="   ")

    vendor_order.refresh_from_db()
    assert vendor_order.status == S.NEW
    assert stock_of(shop) == (STOCK, QUANTITY)
    assert vendor_order.events.count() == 1


def test_another_shops_artisan_cannot_take_a_step(shop):
    vendor_order = new_part(shop, DELIVERY)
    intruder = artisan_account(VendorFactory())

    with pytest.raises(StepRefused):
        perform(vendor_order, A.ACCEPT, Actor.artisan(intruder))

    vendor_order.refresh_from_db()
    assert vendor_order.status == S.NEW


def test_the_staff_of_another_point_cannot_check_a_parcel_in(shop):
    vendor_order = bring_to(new_part(shop, POINT), S.ACCEPTED)
    elsewhere = PickupPointFactory(name="Drive de Toulon")
    staff = UserFactory()
    elsewhere.staff.add(staff)
    shop.drive.staff.add(UserFactory())

    with pytest.raises(StepRefused):
        perform(vendor_order, A.CHECK_IN, Actor.logistics(staff, elsewhere))
    with pytest.raises(StepRefused):
        # nor can someone who does not run the point they claim
        perform(vendor_order, A.CHECK_IN, Actor.logistics(staff, shop.drive))

    assert booking_of(vendor_order).parcel_status == ParcelStatus.AWAITED


def test_an_account_that_is_not_staff_cannot_cancel_as_staff(shop):
    vendor_order = new_part(shop, DELIVERY)

    with pytest.raises(StepRefused):
        perform(
            vendor_order,
            A.CANCEL,
            Actor.staff(UserFactory()),
            StepInput(reason="Fraude"),
        )

    vendor_order.refresh_from_db()
    assert vendor_order.status == S.NEW


def test_a_hand_over_off_its_day_needs_a_confirmation(shop):
    vendor_order = bring_to(new_part(shop, WORKSHOP), S.READY)
    slot_start = booking_of(vendor_order).slot.starts_at

    with pytest.raises(StepRefused) as refused:
        hand_over(vendor_order, now=slot_start - datetime.timedelta(days=1))
    hand_over(
        vendor_order,
        now=slot_start - datetime.timedelta(days=1),
        confirm_off_day=True,
    )

    assert type(refused.value).__name__ == "StepNeedsConfirmation"
    vendor_order.refresh_from_db()
    assert vendor_order.status == S.COMPLETED


def test_a_hand_over_beyond_the_grace_period_is_refused(shop):
    vendor_order = bring_to(new_part(shop, WORKSHOP), S.READY)
    booking = booking_of(vendor_order)
    late = booking.slot.starts_at + datetime.timedelta(
        days=booking.slot.point.handover_grace_days + 1
    )

    with pytest.raises(StepRefused):
        hand_over(vendor_order, now=late, confirm_off_day=True)

    vendor_order.refresh_from_db()
    assert vendor_order.status == S.READY


def test_the_events_tell_the_whole_story_of_a_part(shop):
    vendor_order = bring_to(new_part(shop, POINT), S.COMPLETED)

    actions = list(vendor_order.events.values_list("action", "role"))

    assert actions == [
        (A.PLACE, R.SYSTEM),
        (A.ACCEPT, R.ARTISAN),
        (A.PREPARE, R.ARTISAN),
        (A.MARK_READY, R.ARTISAN),
        (A.CHECK_IN, R.LOGISTICS),
        (A.HAND_OVER, R.LOGISTICS),
    ]
    assert VendorOrderEvent.objects.filter(
        vendor_order=vendor_order, artisan_email=E.NEW_ORDER
    ).exists()
