"""Orders left unpaid online: which they are, and closing their payment at Stripe.

What follows for the artisans' parts (stock and slots given back) is the
order conductor's (``vendors.lifecycle``), which calls these first.
"""

import datetime
import logging

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from vendors.models import OrderStatus

from .. import stripe_api
from ..consts import INTENT_CANCELED, INTENT_PROCESSING, INTENT_SUCCEEDED
from ..models import PaymentIntentRecord
from .paying import is_pending_payment, mark_payment_succeeded

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")


class UnpaidOutcome(models.TextChoices):
    """What Stripe said of an order still pending payment."""

    PAID = "paid"  # the payment succeeded meanwhile and is now recorded
    PROCESSING = "processing"  # still being confirmed: ask again later
    CLOSED = "closed"  # no payment will come: the intents are cancelled
    NOT_PENDING = "not_pending"  # the order no longer waits for a payment


def abandoned_orders(now=None):
    """Orders still pending payment ``PAYMENT_PENDING_MINUTES`` after placement."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.PAYMENT_PENDING_MINUTES)
    return Order._default_manager.filter(
        status=OrderStatus.PENDING_PAYMENT, date_placed__lt=cutoff
    ).order_by("pk")


@transaction.atomic
def close_unpaid_payment(order):
    """Ask Stripe about an order pending payment and close what will not be paid.

    Run under the order's row lock (taken here, kept by the caller's
    transaction): an intent that succeeded meanwhile is recorded as the
    payment (``PAID``), one still processing is left for later
    (``PROCESSING``), any other is cancelled at Stripe (``CLOSED``). A Stripe
    error is raised, and the caller's transaction rolls back.
    """
    locked = Order._default_manager.select_for_update().get(pk=order.pk)
    if not is_pending_payment(locked):
        return UnpaidOutcome.NOT_PENDING
    records = PaymentIntentRecord.objects.select_for_update().filter(
        order=locked, paid_at__isnull=True
    )
    for record in records.exclude(status=INTENT_CANCELED).order_by("pk"):
        intent = stripe_api.retrieve_payment_intent(record.intent_id)
        if intent.status == INTENT_SUCCEEDED:
            logger.info(
                "Order #%s: PaymentIntent %s succeeded, not cancelled",
                locked.number,
                record.intent_id,
            )
            mark_payment_succeeded(
                record,
                timezone.now(),
                charge_id=intent.latest_charge or "",
                amount_received=intent.amount_received,
            )
            return UnpaidOutcome.PAID
        if intent.status == INTENT_PROCESSING:
            logger.info(
                "Order #%s: PaymentIntent %s still processing, not cancelled yet",
                locked.number,
                record.intent_id,
            )
            return UnpaidOutcome.PROCESSING
        if intent.status != INTENT_CANCELED:
            stripe_api.cancel_payment_intent(record.intent_id)
        record.status = INTENT_CANCELED
        record.save(update_fields=["status", "updated_at"])
    return UnpaidOutcome.CLOSED
