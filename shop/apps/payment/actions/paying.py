"""Paying an order online: its PaymentIntent, and what Stripe says of it.

Every function here is safe to run again: repeated webhooks and retried tasks
find what the first run wrote (under row locks) and stop. Stripe is reached
through ``stripe_api`` only.
"""

import logging
from collections import namedtuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from oscar.core.loading import get_model

from vendors.models import OrderStatus

from .. import signals, stripe_api
from ..consts import INTENT_CANCELED, INTENT_SUCCEEDED, SOURCE_TYPE_NAME, from_cents
from ..models import PaymentIntentRecord
from .common import OrderNote, add_note, is_older

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

PaymentStart = namedtuple("PaymentStart", ["record", "client_secret"])


class PaymentClosed(Exception):
    """The order no longer waits for a payment (paid, or cancelled unpaid)."""


def start_payment(order):
    """Create (or reuse) the order's PaymentIntent; return record and client secret.

    One PaymentIntent per order: a consumer coming back to the payment step
    after a failed attempt reuses the live intent. The client secret goes to
    Stripe's Payment Element only and is not stored.
    """
    live = (
        order.payment_intents.exclude(status=INTENT_CANCELED)
        .order_by("-created_at")
        .first()
    )
    if live is not None:
        intent = stripe_api.retrieve_payment_intent(live.intent_id)
        if intent.status != INTENT_CANCELED:
            return PaymentStart(live, intent.client_secret)
        live.status = intent.status
        live.save(update_fields=["status", "updated_at"])
    attempt = order.payment_intents.count() + 1
    intent = stripe_api.create_payment_intent(
        order, idempotency_key=f"payment-intent-{order.number}-{attempt}"
    )
    record, _created = PaymentIntentRecord.objects.get_or_create(
        intent_id=intent.id,
        defaults={
            "order": order,
            "amount_cents": intent.amount,
            "currency": intent.currency,
            "status": intent.status,
        },
    )
    return PaymentStart(record, intent.client_secret)


@transaction.atomic
def mark_payment_succeeded(
    intent_record, event_created, charge_id="", amount_received=None
):
    """Record that Stripe took the payment: once, whatever the order of events.

    Success is final: it is applied even when an older-looking event comes
    late (the money was taken), and nothing afterwards un-pays the order.
    Records an Oscar payment source debited with the amount. Returns True when
    this call recorded the payment.
    """
    # The order first, as the sweep of abandoned payments does: one lock
    # order (order, then intent), no deadlock between a late success and it.
    Order._default_manager.select_for_update().get(pk=intent_record.order_id)
    record = PaymentIntentRecord.objects.select_for_update().get(pk=intent_record.pk)
    if record.last_event_created is None or event_created > record.last_event_created:
        record.last_event_created = event_created
    if charge_id:
        record.latest_charge_id = charge_id
    if record.paid_at is not None:
        record.save()
        return False
    record.status = INTENT_SUCCEEDED
    record.paid_at = timezone.now()
    record.save()

    received_cents = record.amount_cents if amount_received is None else amount_received
    source_type, _created = SourceType.objects.get_or_create(name=SOURCE_TYPE_NAME)
    source = Source.objects.create(
        order=record.order,
        source_type=source_type,
        currency=record.currency.upper(),
        amount_allocated=record.amount,
        reference=record.intent_id,
    )
    source.debit(
        from_cents(received_cents),
        reference=record.latest_charge_id,
        status="succeeded",
    )
    add_note(
        record.order,
        _gettext("Payment of %(amount)s € received through Stripe (%(intent)s).")
        % {"amount": from_cents(received_cents), "intent": record.intent_id},
    )
    if received_cents != record.amount_cents:
        logger.error(
            "Order #%s: PaymentIntent %s received %s cents, %s expected",
            record.order.number,
            record.intent_id,
            received_cents,
            record.amount_cents,
        )
    signals.payment_succeeded.send(
        sender=PaymentIntentRecord, record=record, order=record.order
    )
    intent_record.status, intent_record.paid_at = record.status, record.paid_at
    return True


@transaction.atomic
def mark_payment_failed(intent_record, event_created, status, message=""):
    """Record a failed payment attempt, unless a newer event was already applied.

    A failure never un-pays an order that Stripe confirmed. Returns True when
    the failure was recorded.
    """
    record = PaymentIntentRecord.objects.select_for_update().get(pk=intent_record.pk)
    if record.paid_at is not None or is_older(event_created, record.last_event_created):
        logger.info(
            "PaymentIntent %s: failure event of %s ignored (paid or older)",
            record.intent_id,
            event_created.isoformat(),
        )
        return False
    record.status = status
    record.last_event_created = event_created
    record.save()
    add_note(
        record.order,
        _gettext("Stripe payment attempt failed (%(intent)s): %(message)s")
        % {"intent": record.intent_id, "message": message or "-"},
        note_type=OrderNote.WARNING,
    )
    signals.payment_failed.send(
        sender=PaymentIntentRecord, record=record, order=record.order, message=message
    )
    return True


def sync_payment_intent(intent_record):
    """Ask Stripe for the intent's state (a return from Stripe proves nothing).

    Records the payment when Stripe says it succeeded, else keeps Stripe's
    status on an unpaid record (e.g. "processing"); returns the record.
    """
    intent = stripe_api.retrieve_payment_intent(intent_record.intent_id)
    if intent.status == INTENT_SUCCEEDED:
        mark_payment_succeeded(
            intent_record,
            timezone.now(),
            charge_id=intent.latest_charge or "",
            amount_received=intent.amount_received,
        )
    elif intent.status != intent_record.status:
        PaymentIntentRecord.objects.filter(
            pk=intent_record.pk, paid_at__isnull=True
        ).update(status=intent.status, updated_at=timezone.now())
    intent_record.refresh_from_db()
    return intent_record


def is_pending_payment(order):
    return order.status == OrderStatus.PENDING_PAYMENT


def was_abandoned(order):
    """True for an order cancelled by the sweep, never paid."""
    return (
        order.status == OrderStatus.CANCELLED
        and order.vendor_orders.exists()
        and not order.vendor_orders.seen_by_artisans().exists()
    )


@transaction.atomic
def start_order_payment(order):
    """Start (or resume) paying an order placed online; see ``start_payment``.

    Raises ``PaymentClosed`` when the order no longer waits for a payment;
    returns None when Stripe says the live intent succeeded (the webhook is
    late): the payment is recorded now and there is nothing left to pay.
    The order row is locked so that the sweep of abandoned payments cannot
    cancel it while a new PaymentIntent is being created for it.
    """
    locked = Order._default_manager.select_for_update().get(pk=order.pk)
    if not is_pending_payment(locked):
        raise PaymentClosed(order.number)
    live = (
        locked.payment_intents.exclude(status=INTENT_CANCELED)
        .order_by("-created_at", "-pk")
        .first()
    )
    if live is not None and sync_payment_intent(live).is_paid:
        return None
    return start_payment(locked)
