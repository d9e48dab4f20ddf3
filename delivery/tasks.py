"""Background work of pickups: slots ahead, expired holds, scheduled e-mails.

Parcels not collected are the order conductor's (``vendors.lifecycle.tasks``):
they are a step of their artisan's order.
"""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from vendors.models import Vendor

from . import notifications
from .actions import generate_slots, release_expired_holds
from .models import PickupPoint

logger = logging.getLogger(__name__)

SLOT_HORIZON_DAYS = 21


@shared_task
def generate_slots_task(days=SLOT_HORIZON_DAYS):
    """Create the slots of every active point for the coming weeks.

    Idempotent: existing slots (and their reservations) are left as they are.
    Run daily by Celery beat.
    """
    today = timezone.localdate()
    created = 0
    for point in PickupPoint.objects.active().prefetch_related("schedules"):
        created += generate_slots(point, today, days)
    logger.info("generated %s pickup slots", created)
    return created


@shared_task
def release_expired_holds_task():
    """Give back the places of checkout holds whose time is up (every minute)."""
    return release_expired_holds()


@shared_task
def notify_pickup_reminder_task(reservation_id):
    """Remind the customer to collect their parcel today, once per parcel."""
    reservation = notifications.parcels().filter(pk=reservation_id).first()
    if reservation is None:
        return False
    return notifications.notify_pickup_reminder(reservation)


@shared_task
def send_pickup_reminders_task():
    """Queue today's reminders for parcels still to collect (run by beat).

    Idempotent: a parcel's customer is reminded once, however often it runs.
    """
    due = list(notifications.reminders_due().values_list("pk", flat=True))
    for reservation_id in due:
        notify_pickup_reminder_task.delay(reservation_id)
    return len(due)


@shared_task
def send_artisan_pickup_digest_task(day=None):
    """Queue, per artisan, the list of tomorrow's parcels to bring (run daily).

    ``day`` (ISO date) defaults to tomorrow in the shop's time zone.
    """
    day = day or (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    vendor_ids = list(
        notifications.digest_parcels(datetime.date.fromisoformat(day))
        .order_by()
        .values_list("vendor_id", flat=True)
        .distinct()
    )
    for vendor_id in vendor_ids:
        send_artisan_pickup_digest_for_vendor_task.delay(vendor_id, day)
    return len(vendor_ids)


@shared_task
def send_artisan_pickup_digest_for_vendor_task(vendor_id, day):
    """E-mail one artisan the parcels to bring on ``day`` (ISO date), by point.

    Idempotent: a parcel is listed in one digest only.
    """
    vendor = Vendor.objects.select_related("partner").filter(pk=vendor_id).first()
    if vendor is None:
        return 0
    return notifications.send_artisan_digest(vendor, datetime.date.fromisoformat(day))
