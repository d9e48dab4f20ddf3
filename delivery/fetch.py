"""Reads of the logistics console: points run, day counts and manifests.

Logistics staff see who collects what and when: rows carry names, order
numbers and, for parcels paid at pickup, the amount to collect (set by the
console from the payment app). Never any part of a pickup code: a code is
typed or scanned whole, and a search matches it only whole.
"""

import datetime
from dataclasses import dataclass
from functools import reduce
from itertools import groupby
from operator import and_

from django.db.models import Count, Q
from django.utils import timezone

from vendors.models import VendorOrderStatus

from .actions import CODE_LENGTH, normalise_code
from .models import (
    ParcelStatus,
    PickupPoint,
    Reservation,
    ReservationStatus,
    Slot,
)


def day_bounds(day):
    """The aware start and end of ``day`` in the current time zone."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()), tz)
    end = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()),
        tz,
    )
    return start, end


def points_with_day_counts(user, day):
    """The points ``user`` runs, each with its parcels of ``day`` by status.

    Adds ``awaited``, ``received``, ``handed_over`` and ``no_show`` counts.
    """
    start, end = day_bounds(day)
    of_the_day = Q(
        slots__starts_at__gte=start,
        slots__starts_at__lt=end,
        slots__reservations__status=ReservationStatus.CONFIRMED,
    )
    counts = {
        status.value: Count(
            "slots__reservations",
            filter=of_the_day & Q(slots__reservations__parcel_status=status),
            distinct=True,
        )
        for status in ParcelStatus
    }
    return PickupPoint.objects.run_by(user).annotate(**counts).order_by("name")


def customer_name(order):
    """The name of who collects: shipping name, else account name, else e-mail."""
    if order is None:
        return ""
    address = order.shipping_address
    if address is not None and address.name.strip():
        return address.name.strip()
    if order.user is not None:
        return order.user.get_full_name().strip() or order.user.email
    return order.guest_email


@dataclass
class ManifestRow:
    """One parcel as logistics staff see it.

    ``amount_to_collect`` is what the customer pays at the hand-over (parts
    paid at pickup), None when nothing is to be collected.
    """

    reservation: Reservation
    order_number: str
    artisan: str
    customer: str
    amount_to_collect: object = None

    @property
    def status(self):
        return self.reservation.parcel_status

    @property
    def status_label(self):
        return self.reservation.get_parcel_status_display()

    @property
    def can_check_in(self):
        return self.status == ParcelStatus.AWAITED


@dataclass
class ManifestSlot:
    slot: Slot
    rows: list


def search_filter(query):
    """Parcels whose whole pickup code, order number or customer's name
    matches ``query``.

    A code matches only whole and exactly: a part of one finds nothing.
    """
    query = (query or "").strip()
    if not query:
        return Q()
    matches = Q(pk__in=[])
    code = normalise_code(query)
    if len(code) == CODE_LENGTH:
        matches |= Q(pickup_code=code)
    number = query.lstrip("#")
    if number[:1].isdigit():
        matches |= Q(vendor_order__order__number__startswith=number) | Q(
            vendor_order__number=number
        )
    order = "vendor_order__order__"
    words = [
        Q(**{f"{order}shipping_address__first_name__icontains": word})
        | Q(**{f"{order}shipping_address__last_name__icontains": word})
        | Q(**{f"{order}user__first_name__icontains": word})
        | Q(**{f"{order}user__last_name__icontains": word})
        | Q(**{f"{order}user__email__icontains": word})
        | Q(**{f"{order}guest_email__icontains": word})
        for word in query.split()[:5]
    ]
    return matches | reduce(and_, words)


def manifest_parcels(point, day, query=""):
    """The confirmed parcels of ``point`` on ``day``, in slot order, in 1 query."""
    start, end = day_bounds(day)
    return (
        Reservation.objects.filter(
            slot__point=point,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
            status=ReservationStatus.CONFIRMED,
        )
        # An order paid online counts once paid (unpaid ones are swept).
        .exclude(vendor_order__status=VendorOrderStatus.AWAITING_PAYMENT)
        .filter(search_filter(query))
        .select_related(
            "slot",
            "vendor__partner",
            "vendor_order__order__shipping_address",
            "vendor_order__order__user",
        )
        .order_by("slot__starts_at", "id")
    )


def manifest_rows(point, day, query=""):
    """The manifest of ``point`` on ``day`` as rows, in slot order."""
    rows = []
    for reservation in manifest_parcels(point, day, query):
        vendor_order = reservation.vendor_order
        order = vendor_order.order if vendor_order is not None else None
        rows.append(
            ManifestRow(
                reservation=reservation,
                order_number=order.number if order is not None else "",
                artisan=reservation.vendor.partner.name,
                customer=customer_name(order),
            )
        )
    return rows


def manifest_by_slot(point, day, query=""):
    """The manifest grouped by slot.

    Without a search every slot of the day is listed, empty ones included, so
    staff see the whole day; with one, only the slots with a matching parcel.
    """
    rows = manifest_rows(point, day, query)
    by_slot = {
        slot_id: list(group)
        for slot_id, group in groupby(rows, key=lambda r: r.reservation.slot_id)
    }
    if query:
        return [
            ManifestSlot(group[0].reservation.slot, group) for group in by_slot.values()
        ]
    start, end = day_bounds(day)
    slots = Slot.objects.filter(
        point=point, starts_at__gte=start, starts_at__lt=end
    ).order_by("starts_at")
    return [ManifestSlot(slot, by_slot.get(slot.pk, [])) for slot in slots]


def no_show_candidates(now=None):
    """Parcels ready at their point whose slot and grace period are over.

    Only parcels that were there to collect: a part its artisan never made
    ready, or never brought, is no customer's no-show.
    """
    now = now or timezone.now()
    candidates = Reservation.objects.select_related(
        "slot__point", "vendor_order"
    ).filter(
        status=ReservationStatus.CONFIRMED,
        parcel_status=ParcelStatus.RECEIVED,
        vendor_order__status=VendorOrderStatus.READY,
        slot__ends_at__lt=now,
    )
    return [
        reservation
        for reservation in candidates.order_by("slot__ends_at", "pk")
        if reservation.slot.ends_at
        + datetime.timedelta(minutes=reservation.slot.point.no_show_grace_minutes)
        < now
    ]
