"""The marketplace's own steps on artisans' orders, run by Celery beat.

Listed in ``CELERY_IMPORTS`` (not found by autodiscovery: they are the
conductor's, which the ``vendors.tasks`` it queues must not import).
"""

import logging

from celery import shared_task

from .marketplace import cancel_abandoned_payments, mark_no_shows

logger = logging.getLogger(__name__)


@shared_task
def mark_no_shows_task():
    """Mark the parcels nobody collected once their slot and grace are over.

    Each part is marked once (a part already marked is no candidate any more);
    its customer and artisan are told.
    """
    marked = mark_no_shows()
    if marked:
        logger.info("parts not collected: %s", ", ".join(marked))
    return marked


@shared_task
def cancel_abandoned_payments_task():
    """Cancel the orders left unpaid online, giving back their stock and slots.

    Each order is cancelled once, under its row lock.
    """
    return cancel_abandoned_payments()
