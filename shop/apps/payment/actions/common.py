"""What the payment actions share: Stripe's times, order notes, the paid intent."""

import datetime

from django.db.models import Sum
from oscar.core.loading import get_model

from ..models import PaymentIntentRecord

OrderNote = get_model("order", "OrderNote")


def stripe_timestamp(created):
    """Stripe's ``created`` (seconds since the epoch) as an aware datetime."""
    return datetime.datetime.fromtimestamp(int(created), tz=datetime.UTC)


def is_older(event_created, last_seen):
    return last_seen is not None and event_created < last_seen


def add_note(order, message, note_type=None):
    OrderNote.objects.create(
        order=order, message=message, note_type=note_type or OrderNote.SYSTEM
    )


def paid_intent_for(order):
    """The order's PaymentIntent that Stripe confirmed, or None."""
    return (
        PaymentIntentRecord.objects.filter(order=order, paid_at__isnull=False)
        .order_by("paid_at")
        .first()
    )


def refunded_cents(vendor_order):
    """What was refunded of a vendor order so far, in cents."""
    return vendor_order.refunds.aggregate(total=Sum("amount_cents"))["total"] or 0
