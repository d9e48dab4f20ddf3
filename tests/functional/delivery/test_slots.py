"""Slots: generated from schedules, booked within capacity and rules, codes."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.actions import (
    PickupCodeRefused,
    SlotUnavailable,
    check_code_of,
    check_in_parcel,
    confirm_reservation,
    find_parcel,
    format_code,
    generate_slots,
    hand_over_parcel,
    hold_slot,
    release_expired_holds,
)
from delivery.models import Closure, ParcelStatus, ReservationStatus, Slot
from tests.factories import (
    UserFactory,
    VendorFactory,
    create_artisan_product,
    place_order,
)
from tests.factories.delivery import (
    PickupPointFactory,
    SlotFactory,
    WeeklyScheduleFactory,
    serving,
)

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db


def basket(number):
    """The id of the test's basket ``number`` (created the first time)."""
    return Basket.objects.get_or_create(pk=10_000 + number)[0].pk


def next_weekday(weekday, after=None):
    day = (after or timezone.localdate()) + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def test_slots_are_generated_from_the_weekly_schedule_once():
    schedule = WeeklyScheduleFactory(weekday=2, capacity=4)  # Wednesdays 17-19
    start = next_weekday(2)

    created = generate_slots(schedule.point, start, 14)
    again = generate_slots(schedule.point, start, 14)

    slots = list(Slot.objects.order_by("starts_at"))
    assert created == 4 and again == 0
    assert [timezone.localtime(s.starts_at).hour for s in slots] == [17, 18, 17, 18]
    assert all(s.capacity == 4 for s in slots)


def test_no_slot_is_generated_on_a_closed_day():
    schedule = WeeklyScheduleFactory(weekday=2)
    start = next_weekday(2)
    Closure.objects.create(point=schedule.point, start_date=start, end_date=start)

    generate_slots(schedule.point, start, 7)

    assert not Slot.objects.exists()


@pytest.fixture
def artisan_at_drive():
    vendor = VendorFactory()
    point = PickupPointFactory()
    serving(vendor, point)
    return vendor, point


def test_a_hold_takes_a_place_and_expires(artisan_at_drive):
    vendor, point = artisan_at_drive
    slot = SlotFactory(point=point, capacity=1)

    reservation = hold_slot(slot, vendor, basket_id=basket(10))
    with pytest.raises(SlotUnavailable, match="full|complet"):
        hold_slot(slot, vendor, basket_id=basket(11))
    released = release_expired_holds(now=timezone.now() + timedelta(minutes=16))

    slot.refresh_from_db()
    reservation.refresh_from_db()
    assert released == 1
    assert reservation.status == ReservationStatus.RELEASED
    assert slot.reserved == 0


def test_choosing_another_slot_releases_the_first(artisan_at_drive):
    vendor, point = artisan_at_drive
    first = SlotFactory(point=point)
    second = SlotFactory(point=point, starts_at=first.starts_at + timedelta(hours=1))

    hold_slot(first, vendor, basket_id=basket(10))
    hold_slot(second, vendor, basket_id=basket(10))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.reserved, second.reserved) == (0, 1)


@pytest.mark.parametrize(
    "case, message",
    [
        ("past", "over|passé"),
        ("too_soon", "too soon|trop proche"),
        ("closed", "closed|fermé"),
        ("not_served", "does not offer|ne propose pas"),
    ],
)
def test_slot_choices_that_are_refused_change_nothing(artisan_at_drive, case, message):
    vendor, point = artisan_at_drive
    now = timezone.now()
    slot = SlotFactory(point=point)
    if case == "past":
        slot = SlotFactory(point=point, starts_at=now - timedelta(hours=3))
    elif case == "too_soon":
        slot = SlotFactory(point=point, starts_at=now + timedelta(hours=1))
    elif case == "closed":
        day = timezone.localtime(slot.starts_at).date()
        Closure.objects.create(point=point, start_date=day, end_date=day)
    elif case == "not_served":
        slot = SlotFactory(point=PickupPointFactory())

    with pytest.raises(SlotUnavailable, match=message):
        hold_slot(slot, vendor, basket_id=basket(1))

    slot.refresh_from_db()
    assert slot.reserved == 0
    assert not slot.reservations.exists()


def test_workshop_pickup_only_at_the_artisans_own_workshop():
    vendor = VendorFactory()
    other = VendorFactory()
    workshop = PickupPointFactory(kind="workshop", vendor=vendor, slug="atelier")
    serving(vendor, workshop)
    serving(other, PickupPointFactory())

    slot = SlotFactory(point=workshop)

    hold_slot(slot, vendor, basket_id=basket(1))
    with pytest.raises(SlotUnavailable):
        hold_slot(slot, other, basket_id=basket(2))

    slot.refresh_from_db()
    assert slot.reserved == 1


@pytest.fixture
def confirmed(artisan_at_drive):
    vendor, point = artisan_at_drive
    slot = SlotFactory(point=point)
    hold_slot(slot, vendor, basket_id=basket(5))
    product = create_artisan_product(vendor)
    vendor_order = place_order((product, 1)).vendor_orders.get()
    return confirm_reservation(slot, vendor, vendor_order, basket_id=basket(5))


def test_confirming_uses_the_hold_and_gives_a_readable_code(confirmed):
    slot = confirmed.slot
    slot.refresh_from_db()

    assert confirmed.status == ReservationStatus.CONFIRMED
    assert slot.reserved == 1
    assert len(confirmed.pickup_code) == 8
    assert not set(confirmed.pickup_code) & set("01OILU")
    assert format_code(confirmed.pickup_code)[4] == "-"


def test_a_code_typed_loosely_finds_its_parcel_and_hands_it_over_once(confirmed):
    staff = UserFactory()
    point = confirmed.slot.point
    check_in_parcel(confirmed, staff)
    typed = format_code(confirmed.pickup_code).lower().replace("-", " ")

    found = find_parcel(point, typed, staff)
    handed = hand_over_parcel(found, staff)
    with pytest.raises(PickupCodeRefused, match="already|déjà"):
        hand_over_parcel(confirmed, staff)

    assert found.pk == confirmed.pk
    assert handed.parcel_status == ParcelStatus.HANDED_OVER
    assert handed.handled_by == staff


@pytest.mark.parametrize("code", ["", "ABCD", "ZZZZ-ZZZZ", "<script>", "A" * 500])
def test_wrong_codes_find_no_parcel(confirmed, code):
    check_in_parcel(confirmed, UserFactory())

    with pytest.raises(PickupCodeRefused):
        find_parcel(confirmed.slot.point, code, UserFactory())

    confirmed.refresh_from_db()
    assert confirmed.parcel_status == ParcelStatus.RECEIVED


def test_a_code_is_matched_whole_never_in_part(confirmed):
    code = confirmed.pickup_code
    staff = UserFactory()

    for partial in (code[:4], code[-4:], code[:7], code[1:]):
        with pytest.raises(PickupCodeRefused):
            find_parcel(confirmed.slot.point, partial, staff)
        with pytest.raises(PickupCodeRefused):
            check_code_of(confirmed, partial, staff)

    check_code_of(confirmed, code, staff)


def test_a_code_is_refused_at_another_point(confirmed):
    check_in_parcel(confirmed, UserFactory())

    with pytest.raises(PickupCodeRefused, match="another point|autre point"):
        find_parcel(PickupPointFactory(), confirmed.pickup_code, UserFactory())


def test_a_parcel_not_checked_in_cannot_be_handed_over(confirmed):
    with pytest.raises(PickupCodeRefused):
        hand_over_parcel(confirmed, UserFactory())

    confirmed.refresh_from_db()
    assert confirmed.parcel_status == ParcelStatus.AWAITED


def test_too_many_wrong_codes_make_the_account_wait(confirmed, settings):
    settings.PICKUP_CODE_ATTEMPTS = 3
    cache.clear()
    staff, other = UserFactory(), UserFactory()
    point = confirmed.slot.point

    for _ in range(3):
        with pytest.raises(PickupCodeRefused):
            find_parcel(point, "ZZZZ-ZZZZ", staff)

    # then even the right code is refused to that account, not to another one
    with pytest.raises(PickupCodeRefused, match="wait|patienter|attendre"):
        find_parcel(point, confirmed.pickup_code, staff)
    assert find_parcel(point, confirmed.pickup_code, other).pk == confirmed.pk
