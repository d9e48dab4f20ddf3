"""Slots and parcels: generating, holding, confirming, checking in, handing over.

Capacity is enforced by one conditional UPDATE (``reserved < capacity``), so
concurrent checkouts can never overbook a slot, whatever the database.
"""

import logging
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Closure,
    ParcelStatus,
    PickupPointKind,
    Reservation,
    ReservationStatus,
    Slot,
)

logger = logging.getLogger(__name__)

HOLD_MINUTES = 15
# No 0/O, 1/I/L or U: a code read aloud or typed from a phone stays unambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 8


class SlotUnavailable(Exception):
    """The chosen slot cannot be booked; the message says why, for the person."""


class PickupCodeRefused(Exception):
    """A pickup code that does not release a parcel here; the message says why."""


def generate_pickup_code():
    """An unguessable code, 30^8 possibilities, shown as ABCD-EFGH."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw):
    """What people type or scan (spaces, dashes, lower case) as a stored code."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:32]


def format_code(code):
    return f"{code[:4]}-{code[4:]}" if code else ""


def is_closed_on(point, day):
    return Closure.objects.filter(
        point=point, start_date__lte=day, end_date__gte=day
    ).exists()


def generate_slots(point, start_date, days):
    """Create the slots of ``point`` for ``days`` days from ``start_date``.

    Idempotent: existing slots are kept (their reservations with them), and
    closed days get no slot. Returns the number of slots created.
    """
    tz = timezone.get_current_timezone()
    schedules = list(point.schedules.all())
    closures = list(
        point.closures.filter(
            end_date__gte=start_date, start_date__lte=start_date + timedelta(days)
        )
    )
    slots = []
    for offset in range(days):
        day = start_date + timedelta(days=offset)
        if any(c.start_date <= day <= c.end_date for c in closures):
            continue
        for schedule in schedules:
            if schedule.weekday != day.weekday():
                continue
            start = timezone.make_aware(datetime.combine(day, schedule.start), tz)
            close = timezone.make_aware(datetime.combine(day, schedule.end), tz)
            length = timedelta(minutes=schedule.slot_minutes)
            while start + length <= close:
                slots.append(
                    Slot(
                        point=point,
                        starts_at=start,
                        ends_at=start + length,
                        capacity=schedule.capacity,
                    )
                )
                start += length
    before = Slot.objects.filter(point=point).count()
    Slot.objects.bulk_create(slots, ignore_conflicts=True)
    return Slot.objects.filter(point=point).count() - before


def earliest_bookable_start(point, vendor, now=None):
    """The earliest slot start a consumer may book for ``vendor`` at ``point``."""
    now = now or timezone.now()
    lead_hours = point.cutoff_hours
    fulfilment = getattr(vendor, "fulfilment", None)
    if fulfilment is not None:
        lead_hours = max(lead_hours, fulfilment.preparation_hours)
    return now + timedelta(hours=lead_hours)


def vendor_serves_point(vendor, point):
    """True when ``vendor`` offers pickups at ``point``."""
    fulfilment = getattr(vendor, "fulfilment", None)
    if fulfilment is None or not point.is_active:
        return False
    if point.kind == PickupPointKind.WORKSHOP:
        return fulfilment.workshop_pickup and point.vendor_id == vendor.pk
    return fulfilment.points.filter(pk=point.pk).exists()


def bookable_slots(point, vendor, now=None):
    """Slots of ``point`` a consumer can choose for ``vendor``'s goods."""
    if not vendor_serves_point(vendor, point):
        return Slot.objects.none()
    closed_days = Closure.objects.filter(point=point).values_list(
        "start_date", "end_date"
    )
    slots = Slot.objects.filter(
        point=point, starts_at__gte=earliest_bookable_start(point, vendor, now)
    ).with_room()
    for start_date, end_date in closed_days:
        slots = slots.exclude(
            starts_at__date__gte=start_date, starts_at__date__lte=end_date
        )
    return slots.order_by("starts_at")


def check_slot_choice(slot, vendor, now=None):
    """Raise ``SlotUnavailable`` with the reason when ``slot`` cannot be booked."""
    now = now or timezone.now()
    point = slot.point
    if not vendor_serves_point(vendor, point):
        raise SlotUnavailable(
            _("%(vendor)s does not offer pickups at %(point)s.")
            % {"vendor": vendor.name, "point": point.name}
        )
    if slot.starts_at < now:
        raise SlotUnavailable(_("This time slot is already over."))
    if slot.starts_at < earliest_bookable_start(point, vendor, now):
        raise SlotUnavailable(
            _("This time slot is too soon: the artisan needs time to prepare.")
        )
    if is_closed_on(point, timezone.localtime(slot.starts_at).date()):
        raise SlotUnavailable(_("The pickup point is closed on that day."))


def take_place(slot_id):
    """Take one place in the slot if one is left; True when taken."""
    return bool(
        Slot.objects.filter(pk=slot_id, reserved__lt=F("capacity")).update(
            reserved=F("reserved") + 1
        )
    )


def give_back_place(slot_id):
    Slot.objects.filter(pk=slot_id, reserved__gt=0).update(reserved=F("reserved") - 1)


@transaction.atomic
def hold_slot(slot, vendor, basket_id, now=None, minutes=HOLD_MINUTES):
    """Hold a place in ``slot`` for ``vendor``'s part of a basket during checkout.

    A previous hold of the same basket for the same artisan is released first.
    Raises ``SlotUnavailable`` when the slot cannot be booked or is full.
    """
    now = now or timezone.now()
    check_slot_choice(slot, vendor, now)
    for previous in Reservation.objects.select_for_update().filter(
        basket_id=basket_id, vendor=vendor, status=ReservationStatus.HELD
    ):
        if previous.slot_id == slot.pk and previous.hold_expires_at > now:
            previous.hold_expires_at = now + timedelta(minutes=minutes)
            previous.save(update_fields=["hold_expires_at"])
            return previous
        release_reservation(previous)
    if not take_place(slot.pk):
        raise SlotUnavailable(_("This time slot is full. Please choose another one."))
    return Reservation.objects.create(
        slot=slot,
        vendor=vendor,
        basket_id=basket_id,
        status=ReservationStatus.HELD,
        hold_expires_at=now + timedelta(minutes=minutes),
    )


@transaction.atomic
def release_reservation(reservation):
    """Give the place back (hold expired, payment failed, order cancelled)."""
    locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
    if locked.status == ReservationStatus.RELEASED:
        return False
    locked.status = ReservationStatus.RELEASED
    locked.save(update_fields=["status"])
    give_back_place(locked.slot_id)
    reservation.status = locked.status
    return True


def release_expired_holds(now=None):
    """Release every hold whose time is up; returns how many were released."""
    now = now or timezone.now()
    expired = Reservation.objects.filter(
        status=ReservationStatus.HELD, hold_expires_at__lt=now
    ).values_list("pk", flat=True)
    released = 0
    for pk in list(expired):
        released += release_reservation(Reservation(pk=pk))
    return released


@transaction.atomic
def confirm_reservation(slot, vendor, vendor_order, basket_id=None, now=None):
    """Book ``slot`` for a placed vendor order and give it a pickup code.

    Uses the basket's live hold for this artisan when there is one, and
    otherwise takes a place now; raises ``SlotUnavailable`` when the slot is
    full, so the caller's transaction (the order) is rolled back whole.
    """
    now = now or timezone.now()
    hold = None
    if basket_id is not None:
        hold = (
            Reservation.objects.select_for_update()
            .filter(
                basket_id=basket_id,
                vendor=vendor,
                slot=slot,
                status=ReservationStatus.HELD,
                hold_expires_at__gte=now,
            )
            .first()
        )
    if hold is None:
        check_slot_choice(slot, vendor, now)
        if not take_place(slot.pk):
            raise SlotUnavailable(
                _("This time slot is full. Please choose another one.")
            )
        hold = Reservation(slot=slot, vendor=vendor, basket_id=basket_id)
    hold.vendor_order = vendor_order
    hold.status = ReservationStatus.CONFIRMED
    hold.hold_expires_at = None
    while True:
        code = generate_pickup_code()
        if not Reservation.objects.filter(pickup_code=code).exists():
            break
    hold.pickup_code = code
    hold.save()
    return hold


@transaction.atomic
def check_in_parcel(reservation, user, now=None):
    """Record that the artisan brought the parcel to the point."""
    locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
    if locked.status != ReservationStatus.CONFIRMED:
        raise PickupCodeRefused(_("This parcel is not booked at this point."))
    if locked.parcel_status != ParcelStatus.AWAITED:
        raise PickupCodeRefused(_("This parcel was already checked in."))
    locked.parcel_status = ParcelStatus.RECEIVED
    locked.checked_in_at = now or timezone.now()
    locked.handled_by = user
    locked.save(update_fields=["parcel_status", "checked_in_at", "handled_by"])
    return locked


@transaction.atomic
def hand_over_parcel(point, raw_code, user, now=None):
    """Release the parcel whose code was typed or scanned at ``point``, once.

    A wrong code, a code already used, or the code of another point is
    refused with a message, and nothing changes.
    """
    code = normalise_code(raw_code)
    if len(code) != CODE_LENGTH:
        raise PickupCodeRefused(_("A pickup code has 8 characters, like ABCD-EF23."))
    reservation = (
        Reservation.objects.select_for_update()
        .select_related("slot")
        .filter(pickup_code=code, status=ReservationStatus.CONFIRMED)
        .first()
    )
    if reservation is None:
        raise PickupCodeRefused(_("This pickup code is not valid."))
    if reservation.slot.point_id != point.pk:
        raise PickupCodeRefused(_("This parcel is to be collected at another point."))
    if reservation.parcel_status == ParcelStatus.HANDED_OVER:
        raise PickupCodeRefused(_("This parcel was already handed over."))
    if reservation.parcel_status != ParcelStatus.RECEIVED:
        raise PickupCodeRefused(
            _("This parcel has not been checked in at the point yet.")
        )
    reservation.parcel_status = ParcelStatus.HANDED_OVER
    reservation.handed_over_at = now or timezone.now()
    reservation.handled_by = user
    reservation.save(update_fields=["parcel_status", "handed_over_at", "handled_by"])
    return reservation


def mark_no_shows(now=None):
    """Mark parcels not collected by the end of their slot plus the grace period."""
    now = now or timezone.now()
    marked = []
    candidates = Reservation.objects.select_related("slot__point").filter(
        status=ReservationStatus.CONFIRMED,
        parcel_status__in=[ParcelStatus.AWAITED, ParcelStatus.RECEIVED],
        slot__ends_at__lt=now,
    )
    for reservation in candidates:
        grace = timedelta(minutes=reservation.slot.point.no_show_grace_minutes)
        if reservation.slot.ends_at + grace < now:
            updated = Reservation.objects.filter(
                pk=reservation.pk,
                parcel_status__in=[ParcelStatus.AWAITED, ParcelStatus.RECEIVED],
            ).update(parcel_status=ParcelStatus.NO_SHOW)
            if updated:
                marked.append(reservation.pk)
    return marked


@transaction.atomic
def hand_over_parcel_and_close_order(point, raw_code, user, now=None):
    """Hand over a parcel at ``point`` and move its artisan's order on.

    The parcel is released as ``hand_over_parcel`` does (refusals raise
    ``PickupCodeRefused`` and change nothing); an artisan's order that was
    "ready" then becomes "handed over". An order in another state keeps it:
    the parcel is still released, and the mismatch is logged for the chamber.
    """
    # Imported here: vendors' order actions may in turn call delivery's (slot
    # release, pickup e-mails), and a module-level import would be a cycle.
    from vendors.actions import InvalidTransition, change_vendor_order_status
    from vendors.models import VendorOrderStatus

    reservation = hand_over_parcel(point, raw_code, user, now=now)
    vendor_order = reservation.vendor_order
    if vendor_order is None:
        return reservation
    record_pickup_payment(vendor_order, user)
    if vendor_order.status != VendorOrderStatus.READY:
        logger.info(
            "parcel %s handed over while vendor order %s is %s: status kept",
            reservation.pk,
            vendor_order.number,
            vendor_order.status,
        )
        return reservation
    try:
        change_vendor_order_status(
            vendor_order, VendorOrderStatus.HANDED_OVER, user=user
        )
    except InvalidTransition:
        logger.info(
            "vendor order %s could not become handed_over after parcel %s",
            vendor_order.number,
            reservation.pk,
        )
    return reservation


@transaction.atomic
def mark_workshop_parcel_ready(vendor_order, user, now=None):
    """A workshop pickup that its artisan marks ready is, by then, at the workshop.

    Nothing to bring anywhere: the parcel counts as checked in, so that the
    artisan can hand it over with the customer's code (and it is not marked as
    a no-show for want of a check-in). Other pickups are left as they are.
    """
    reservation = (
        Reservation.objects.select_for_update()
        .select_related("slot__point")
        .filter(vendor_order=vendor_order, status=ReservationStatus.CONFIRMED)
        .first()
    )
    if (
        reservation is None
        or reservation.slot.point.kind != PickupPointKind.WORKSHOP
        or reservation.parcel_status != ParcelStatus.AWAITED
    ):
        return None
    return check_in_parcel(reservation, user, now=now)


def record_pickup_payment(vendor_order, user):
    """At hand-over: the customer pays this part now if the order is paid at pickup.

    Does nothing for an order paid otherwise, or already recorded.
    """
    # Imported here: the payment app's pickup helpers use delivery's checkout.
    from shop.apps.payment.pay_at_pickup import record_payment_at_pickup

    return record_payment_at_pickup(vendor_order, user)
