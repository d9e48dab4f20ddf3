"""Background work of pickups: slots ahead, expired holds, no-shows."""

import logging

from celery import shared_task
from django.utils import timezone

from .actions import generate_slots, mark_no_shows, release_expired_holds
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
def mark_no_shows_task():
    """Mark uncollected parcels as no-shows once their slot and grace are over."""
    return mark_no_shows()
