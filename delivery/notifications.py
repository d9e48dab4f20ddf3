"""Scheduled e-mails about pickups (the day's reminder, the artisan's list of
parcels to bring), each sent once.

The e-mails of a part's own steps (ready to collect, not collected, ...) go
with those steps, from the order conductor (``vendors.notifications``).

Every e-mail about a parcel is recorded as a ``Notification`` (unique per kind
and parcel) in the same transaction as it is sent: a retried or duplicated
task finds the record and sends nothing, and a failed send records nothing,
so the next run tries again.
"""

import logging
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from vendors.models import CLOSED_STATUSES, VendorOrderStatus

from .actions import format_code
from .fetch import customer_name, day_bounds
from .models import (
    Notification,
    NotificationKind,
    ParcelStatus,
    PickupPointKind,
    Reservation,
    ReservationStatus,
)

logger = logging.getLogger(__name__)

PARCEL_RELATIONS = (
    "slot__point",
    "vendor__partner",
    "vendor_order__order__user",
    "vendor_order__order__shipping_address",
)


def parcels():
    """Confirmed reservations with what their e-mails show, in slot order."""
    return (
        Reservation.objects.filter(status=ReservationStatus.CONFIRMED)
        # An order paid online has no parcel to remind of until it is paid,
        # and a part refused, cancelled or closed has none any more.
        .exclude(vendor_order__status=VendorOrderStatus.AWAITING_PAYMENT)
        .exclude(vendor_order__status__in=CLOSED_STATUSES)
        .select_related(*PARCEL_RELATIONS)
        .order_by("slot__starts_at", "id")
    )


def customer_email(reservation):
    """The e-mail address of who collects ``reservation``'s parcel, or ''."""
    vendor_order = reservation.vendor_order
    if vendor_order is None:
        return ""
    return vendor_order.order.email or ""


def render_email(template_prefix, context):
    """Subject and body of ``templates/delivery/emails/<prefix>_*.txt``."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            f"delivery/emails/{template_prefix}_subject.txt", context
        )
        body = render_to_string(f"delivery/emails/{template_prefix}_body.txt", context)
    return " ".join(subject.split()), body


def parcel_context(reservation):
    vendor_order = reservation.vendor_order
    order = vendor_order.order if vendor_order is not None else None
    return {
        "reservation": reservation,
        "slot": reservation.slot,
        "point": reservation.slot.point,
        "vendor": reservation.vendor,
        "vendor_order": vendor_order,
        "order": order,
        "customer_name": customer_name(order),
        "pickup_code": format_code(reservation.pickup_code),
        "is_workshop": reservation.slot.point.kind == PickupPointKind.WORKSHOP,
    }


def send_once(kind, reservation, template_prefix, recipients, context=None):
    """Send one e-mail of ``kind`` about ``reservation``, unless it was sent.

    Returns True when an e-mail left now.
    """
    recipients = [address for address in recipients if address]
    if not recipients:
        logger.warning(
            "no e-mail address for the %s notice of reservation %s",
            kind,
            reservation.pk,
        )
        return False
    with transaction.atomic():
        _notification, created = Notification.objects.get_or_create(
            kind=kind, reservation=reservation
        )
        if not created:
            return False
        subject, body = render_email(
            template_prefix, context or parcel_context(reservation)
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return True


def notify_pickup_reminder(reservation):
    """Remind the customer, on the day, to collect the parcel."""
    if reservation.parcel_status not in (ParcelStatus.AWAITED, ParcelStatus.RECEIVED):
        return False
    return send_once(
        NotificationKind.PICKUP_REMINDER,
        reservation,
        "pickup_reminder",
        [customer_email(reservation)],
    )


def reminders_due(now=None):
    """Today's parcels still to collect whose customer was not reminded yet."""
    now = now or timezone.now()
    start, end = day_bounds(timezone.localdate(now))
    return (
        parcels()
        .filter(
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
            slot__ends_at__gt=now,
            parcel_status__in=[ParcelStatus.AWAITED, ParcelStatus.RECEIVED],
            vendor_order__isnull=False,
        )
        .exclude(notifications__kind=NotificationKind.PICKUP_REMINDER)
    )


def digest_parcels(day):
    """Parcels of ``day`` that artisans bring to drive and relay points.

    Parcels collected at the artisan's own workshop need no trip, and parcels
    already in a digest are left out.
    """
    start, end = day_bounds(day)
    return (
        parcels()
        .filter(
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
            parcel_status=ParcelStatus.AWAITED,
        )
        .exclude(slot__point__kind=PickupPointKind.WORKSHOP)
        .exclude(notifications__kind=NotificationKind.ARTISAN_DIGEST)
    )


def send_artisan_digest(vendor, day):
    """E-mail ``vendor`` the parcels to bring on ``day``, by point and slot.

    Each parcel is announced in one digest only; returns the number of
    parcels announced now.
    """
    recipients = vendor.contact_emails()
    if not recipients:
        logger.warning("no e-mail address for the pickup digest of %s", vendor.slug)
        return 0
    with transaction.atomic():
        reservations = list(
            digest_parcels(day)
            .filter(vendor=vendor)
            .order_by("slot__point__name", "slot__point_id", "slot__starts_at", "id")
        )
        if not reservations:
            return 0
        # Recorded first: a second run in parallel fails on the unique
        # constraint and rolls back instead of sending the list twice.
        Notification.objects.bulk_create(
            Notification(kind=NotificationKind.ARTISAN_DIGEST, reservation=r)
            for r in reservations
        )
        points = []
        for point, of_point in groupby(reservations, key=lambda r: r.slot.point):
            of_point = [parcel_context(r) for r in of_point]
            points.append(
                {
                    "point": point,
                    "bring_before": of_point[0]["slot"].starts_at,
                    "parcels": of_point,
                }
            )
        subject, body = render_email(
            "artisan_digest",
            {
                "vendor": vendor,
                "day": day,
                "points": points,
                "count": len(reservations),
            },
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(reservations)
