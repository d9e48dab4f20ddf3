"""Places in slots: held by a basket during checkout, booked with a pickup code
when the order is placed, given back when a hold expires or a part is closed."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Reservation, ReservationStatus
from .parcels import generate_pickup_code
from .slots import SlotUnavailable, check_slot_choice, give_back_place, take_place

HOLD_MINUTES = 15


def hold_source(address):
    """What a hold keeps of the network address it came from: a keyed hash."""
    if not address:
        return ""
    return hmac.new(
        settings.SECRET_KEY.encode(), str(address).encode(), hashlib.sha256
    ).hexdigest()


def live_holds(now=None):
    return Reservation.objects.filter(
        status=ReservationStatus.HELD, hold_expires_at__gt=now or timezone.now()
    )


def check_hold_limits(basket_id, vendor, held_from, now):
    """Refuse a new hold beyond what one basket, or one address, may hold.

    A checkout needs one place per artisan collected; a few baskets from one
    address (a family, an office) may hold places at once, not a whole slot.
    """
    others = live_holds(now).exclude(basket_id=basket_id, vendor=vendor)
    if others.filter(basket_id=basket_id).count() >= settings.SLOT_HOLDS_PER_BASKET:
        raise SlotUnavailable(
            _(
                "Your basket already holds as many pickup slots as it may. "
                "Please finish this order first."
            )
        )
    if (
        held_from
        and others.filter(held_from=held_from).count()
        >= settings.SLOT_HOLDS_PER_ADDRESS
    ):
        raise SlotUnavailable(
            _(
                "Too many pickup slots are held from your connection at the "
                "moment. Please finish an order in progress, or try again in "
                "a few minutes."
            )
        )


@transaction.atomic
def hold_slot(slot, vendor, basket_id, now=None, minutes=HOLD_MINUTES, held_from=""):
    """Hold a place in ``slot`` for ``vendor``'s part of a basket during checkout.

    The hold belongs to the basket. A previous hold of the same basket for
    the same artisan is released first. ``held_from`` (``hold_source`` of the
    request's address) limits the live holds of one address. Raises
    ``SlotUnavailable`` when the slot cannot be booked, is full, or the basket
    or address holds too many places already.
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
    check_hold_limits(basket_id, vendor, held_from, now)
    if not take_place(slot.pk):
        raise SlotUnavailable(_("This time slot is full. Please choose another one."))
    return Reservation.objects.create(
        slot=slot,
        vendor=vendor,
        basket_id=basket_id,
        held_from=held_from,
        status=ReservationStatus.HELD,
        hold_expires_at=now + timedelta(minutes=minutes),
    )


@transaction.atomic
def release_reservation(reservation):
    """Give the place back (hold given up, payment failed, part cancelled)."""
    locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
    if locked.status == ReservationStatus.RELEASED:
        return False
    locked.status = ReservationStatus.RELEASED
    locked.save(update_fields=["status"])
    give_back_place(locked.slot_id)
    reservation.status = locked.status
    return True


@transaction.atomic
def release_booking(vendor_order):
    """Give back the slot place booked for an artisan's part, if it has one.

    Its pickup code stops working. Returns True when a place was given back.
    """
    reservation = (
        Reservation.objects.select_for_update()
        .filter(vendor_order=vendor_order, status=ReservationStatus.CONFIRMED)
        .first()
    )
    if reservation is None:
        return False
    return release_reservation(reservation)


@transaction.atomic
def release_expired_hold(reservation_id, now):
    """Release one checkout hold if, locked, it is still a hold whose time is up.

    A hold that an order confirmed meanwhile (the listing of expired holds
    saw it before) is left as it is. Returns True when released.
    """
    locked = (
        Reservation.objects.select_for_update()
        .filter(
            pk=reservation_id,
            status=ReservationStatus.HELD,
            hold_expires_at__lt=now,
        )
        .first()
    )
    if locked is None:
        return False
    return release_reservation(locked)


def release_expired_holds(now=None):
    """Release every hold whose time is up; returns how many were released.

    Each hold is locked and checked again before it is released, so a hold
    confirmed by an order while the sweep runs keeps its place and its code.
    """
    now = now or timezone.now()
    expired = Reservation.objects.filter(
        status=ReservationStatus.HELD, hold_expires_at__lt=now
    ).values_list("pk", flat=True)
    return sum(release_expired_hold(pk, now) for pk in list(expired))


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
