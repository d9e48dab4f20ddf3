"""Parcels: their pickup codes, checked in at their point, handed over against
the whole code, marked not collected or back with their artisan.

A code is matched whole and exactly, never in part; wrong codes typed by one
account, and from one network address, are counted for a quarter of an hour:
after a few the account (or the address) waits before trying again.
"""

import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import ParcelStatus, PickupPointKind, Reservation, ReservationStatus

# No 0/O, 1/I/L or U: a code read aloud or typed from a phone stays unambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 8
CODE_ATTEMPTS_WINDOW = 15 * 60


class PickupCodeRefused(Exception):
    """A pickup code that does not release a parcel here; the message says why."""


class HandOverDayToConfirm(Exception):
    """A hand-over outside the slot's day, within the point's grace period.

    The person handing over must confirm it; the message says why.
    """


def generate_pickup_code():
    """An unguessable code, 30^8 possibilities, shown as ABCD-EFGH."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw):
    """What people type or scan (spaces, dashes, lower case) as a stored code."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:32]


def format_code(code):
    return f"{code[:4]}-{code[4:]}" if code else ""


def booking_of(vendor_order, lock=False):
    """The confirmed slot booking of an artisan's part, or None."""
    bookings = Reservation.objects.select_related("slot__point").filter(
        vendor_order=vendor_order, status=ReservationStatus.CONFIRMED
    )
    if lock:
        bookings = bookings.select_for_update(of=("self",))
    return bookings.first()


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
    reservation.parcel_status = locked.parcel_status
    reservation.checked_in_at = locked.checked_in_at
    return locked


@transaction.atomic
def mark_workshop_parcel_ready(vendor_order, user, now=None):
    """A workshop pickup that its artisan marks ready is, by then, at the workshop.

    Nothing to bring anywhere: the parcel counts as checked in, so that the
    artisan can hand it over with the customer's code (and it can be marked
    not collected). Other pickups are left as they are.
    """
    reservation = booking_of(vendor_order, lock=True)
    if (
        reservation is None
        or reservation.slot.point.kind != PickupPointKind.WORKSHOP
        or reservation.parcel_status != ParcelStatus.AWAITED
    ):
        return None
    return check_in_parcel(reservation, user, now=now)


def code_attempts_keys(user, scope, address=""):
    """The counters of wrong codes: (key, limit), per account and per address."""
    keys = [
        (
            f"delivery:code-attempts:{scope}:{getattr(user, 'pk', None)}",
            settings.PICKUP_CODE_ATTEMPTS,
        )
    ]
    if address:
        keys.append(
            (
                f"delivery:code-attempts:{scope}:address:{address}",
                settings.PICKUP_CODE_ATTEMPTS_PER_ADDRESS,
            )
        )
    return keys


def check_code_attempts(user, scope, address=""):
    """Refuse to try a code when ``user``, or anyone at ``address``, typed too
    many wrong ones within the last quarter of an hour."""
    for key, limit in code_attempts_keys(user, scope, address):
        if cache.get(key, 0) >= limit:
            raise PickupCodeRefused(
                _(
                    "Too many wrong pickup codes were typed. Please wait a quarter "
                    "of an hour before trying again."
                )
            )


def count_wrong_code(user, scope, address=""):
    """Count a wrong code; each counter lasts a quarter of an hour from its
    first wrong code."""
    for key, _limit in code_attempts_keys(user, scope, address):
        if cache.add(key, 1, CODE_ATTEMPTS_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, CODE_ATTEMPTS_WINDOW)


def check_code_format(raw_code):
    """The code as stored, or ``PickupCodeRefused`` when it cannot be one."""
    code = normalise_code(raw_code)
    if len(code) != CODE_LENGTH:
        raise PickupCodeRefused(_("A pickup code has 8 characters, like ABCD-EF23."))
    return code


def code_matches(reservation, raw_code):
    """True when ``raw_code`` is the booking's whole code (compared in
    constant time)."""
    code = normalise_code(raw_code)
    return bool(reservation.pickup_code) and hmac.compare_digest(
        code.encode(), reservation.pickup_code.encode()
    )


def find_parcel(point, raw_code, user, address=""):
    """The booked parcel at ``point`` whose whole code was typed or scanned.

    Raises ``PickupCodeRefused`` with the reason (and counts the attempt as
    wrong, for ``user`` and for the network ``address``) for a code of no
    parcel, or of another point's parcel.
    """
    scope = f"point-{point.pk}"
    check_code_attempts(user, scope, address)
    code = check_code_format(raw_code)
    reservation = (
        Reservation.objects.select_related("slot__point", "vendor_order")
        .filter(pickup_code=code, status=ReservationStatus.CONFIRMED)
        .first()
    )
    if reservation is None or reservation.vendor_order_id is None:
        count_wrong_code(user, scope, address)
        raise PickupCodeRefused(_("This pickup code is not valid."))
    if reservation.slot.point_id != point.pk:
        count_wrong_code(user, scope, address)
        raise PickupCodeRefused(_("This parcel is to be collected at another point."))
    return reservation


def check_code_of(reservation, raw_code, user, address=""):
    """Raise ``PickupCodeRefused`` unless ``raw_code`` is the booking's code."""
    scope = f"point-{reservation.slot.point_id}"
    check_code_attempts(user, scope, address)
    check_code_format(raw_code)
    if not code_matches(reservation, raw_code):
        count_wrong_code(user, scope, address)
        raise PickupCodeRefused(_("This is not the pickup code of this order."))


def check_hand_over_day(reservation, now=None, confirmed=False):
    """Hand-overs happen on the slot's day; around it only when confirmed.

    Within the point's grace period (``handover_grace_days``) before or after
    the slot's day, raises ``HandOverDayToConfirm`` unless ``confirmed``;
    beyond it, ``PickupCodeRefused``: the parcel goes back to its artisan.
    """
    now = now or timezone.now()
    slot = reservation.slot
    slot_day = timezone.localtime(slot.starts_at).date()
    today = timezone.localtime(now).date()
    gap = (today - slot_day).days
    if gap == 0:
        return
    grace = slot.point.handover_grace_days
    day = date_format(timezone.localtime(slot.starts_at), "l j F")
    if abs(gap) > grace:
        if gap < 0:
            raise PickupCodeRefused(
                _("This parcel is to be collected on %(day)s, not before.")
                % {"day": day}
            )
        raise PickupCodeRefused(
            _(
                "This parcel was to be collected on %(day)s: it is too late to "
                "hand it over, it goes back to the artisan."
            )
            % {"day": day}
        )
    if confirmed:
        return
    if gap < 0:
        message = ngettext(
            "This parcel is to be collected on %(day)s, tomorrow.",
            "This parcel is to be collected on %(day)s, in %(count)s days.",
            -gap,
        )
    else:
        message = ngettext(
            "This parcel was to be collected on %(day)s, yesterday.",
            "This parcel was to be collected on %(day)s, %(count)s days ago.",
            gap,
        )
    raise HandOverDayToConfirm(message % {"day": day, "count": abs(gap)})


@transaction.atomic
def hand_over_parcel(reservation, user, now=None):
    """Release a parcel to its customer, once (the code was checked before).

    The parcel must be at its point (received, or waiting after a missed
    slot); anything else is refused with a message, and nothing changes.
    """
    locked = (
        Reservation.objects.select_for_update()
        .select_related("slot")
        .get(pk=reservation.pk)
    )
    if locked.status != ReservationStatus.CONFIRMED:
        raise PickupCodeRefused(_("This pickup code is not valid."))
    if locked.parcel_status == ParcelStatus.HANDED_OVER:
        raise PickupCodeRefused(_("This parcel was already handed over."))
    if locked.parcel_status == ParcelStatus.RETURNED:
        raise PickupCodeRefused(_("This parcel went back to the artisan."))
    if locked.parcel_status not in (ParcelStatus.RECEIVED, ParcelStatus.NO_SHOW):
        raise PickupCodeRefused(
            _("This parcel has not been checked in at the point yet.")
        )
    locked.parcel_status = ParcelStatus.HANDED_OVER
    locked.handed_over_at = now or timezone.now()
    locked.handled_by = user
    locked.save(update_fields=["parcel_status", "handed_over_at", "handled_by"])
    return locked


def mark_parcel(reservation, parcel_status):
    """Set the parcel's status (not collected, back to the artisan)."""
    Reservation.objects.filter(pk=reservation.pk).update(parcel_status=parcel_status)
    reservation.parcel_status = parcel_status
    return reservation
