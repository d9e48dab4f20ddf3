"""Stripe webhooks: verify, record once, then dispatch on the event's type.

The view only verifies and records (fast); ``process_stripe_event`` does the
work in Celery. A repeated delivery of an event id finds the recorded event
and has no second effect; handlers compare Stripe's ``created`` times so an
event arriving late does not undo a newer one.
"""

import json
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import actions, consts, stripe_api
from .models import PaymentIntentRecord, StripeEvent, StripeEventStatus
from .redaction import redact_secrets

logger = logging.getLogger(__name__)


class InvalidWebhook(Exception):
    """A webhook request that is not a genuine Stripe event for this endpoint."""


def receive_webhook(payload, sig_header):
    """Verify ``payload`` against ``sig_header`` and record the event once.

    Raises ``InvalidWebhook`` (nothing recorded) on a missing or bad
    signature. Returns ``(event, created)``: the caller queues a new event's
    processing (``process_stripe_event_task``) once it is committed.
    """
    if not sig_header:
        raise InvalidWebhook("missing Stripe-Signature header")
    try:
        stripe_api.construct_event(payload, sig_header)
    except stripe_api.SignatureVerificationError:
        raise InvalidWebhook("signature verification failed") from None
    except ValueError:
        raise InvalidWebhook("payload is not a JSON event") from None
    # The verified raw body, not the SDK's object: it is what Stripe sent.
    data = json.loads(payload)
    event, created = record_event(data)
    if not created:
        logger.info("Stripe event %s delivered again: ignored", event.event_id)
    return event, created


def record_event(data):
    """Store a Stripe event by its id; return ``(event, created)``.

    The unique event id decides: of two concurrent deliveries one insert
    wins, the other fails inside its savepoint and finds the first.
    """
    obj = data.get("data", {}).get("object", {})
    try:
        with transaction.atomic():
            event = StripeEvent.objects.create(
                event_id=data["id"],
                type=data.get("type", ""),
                object_id=obj.get("id", "") or "",
                account_id=data.get("account") or "",
                created=actions.stripe_timestamp(data.get("created", 0)),
                payload=data,
            )
    except IntegrityError:
        return StripeEvent.objects.get(event_id=data["id"]), False
    return event, True


def process_stripe_event(event_pk):
    """Apply a recorded event once; return its final status.

    An event already processed (or ignored) is left alone. When a handler
    fails, its writes are rolled back, the error is kept on the event and
    raised again so that Celery retries.
    """
    try:
        with transaction.atomic():
            event = StripeEvent.objects.select_for_update().get(pk=event_pk)
            if event.processed_at is not None:
                return event.status
            handler = HANDLERS.get(event.type)
            if handler is None:
                event.status = StripeEventStatus.IGNORED
            else:
                handler(event)
                event.status = StripeEventStatus.PROCESSED
            event.processed_at = timezone.now()
            event.last_error = ""
            event.save()
            return event.status
    except Exception as exc:
        logger.exception("Stripe event %s: processing failed", event_pk)
        StripeEvent.objects.filter(pk=event_pk).update(
            status=StripeEventStatus.FAILED,
            last_error=redact_secrets(f"{type(exc).__name__}: {exc}"),
        )
        raise


# Handlers, one per event type
# ------------------------------------------------------------------------------


def _intent_record(intent_id, event):
    record = PaymentIntentRecord.objects.filter(intent_id=intent_id).first()
    if record is None:
        logger.warning(
            "Stripe event %s (%s): unknown PaymentIntent %s",
            event.event_id,
            event.type,
            intent_id,
        )
    return record


def _record_for_charge(charge_id, intent_id, event):
    if intent_id:
        return _intent_record(intent_id, event)
    record = PaymentIntentRecord.objects.filter(latest_charge_id=charge_id).first()
    if record is None:
        logger.warning(
            "Stripe event %s (%s): unknown charge %s",
            event.event_id,
            event.type,
            charge_id,
        )
    return record


def handle_payment_intent_succeeded(event):
    intent = event.data_object
    record = _intent_record(intent["id"], event)
    if record is not None:
        actions.mark_payment_succeeded(
            record,
            event.created,
            charge_id=intent.get("latest_charge") or "",
            amount_received=intent.get("amount_received"),
        )


def handle_payment_intent_failed(event):
    intent = event.data_object
    record = _intent_record(intent["id"], event)
    if record is not None:
        error = intent.get("last_payment_error") or {}
        actions.mark_payment_failed(
            record,
            event.created,
            status=intent.get("status") or "requires_payment_method",
            message=error.get("message", ""),
        )


def handle_charge_refunded(event):
    charge = event.data_object
    record = _record_for_charge(charge["id"], charge.get("payment_intent"), event)
    if record is not None:
        actions.record_charge_refunded(
            record, event.created, int(charge.get("amount_refunded") or 0)
        )


def handle_charge_dispute_created(event):
    dispute = event.data_object
    record = _record_for_charge(
        dispute.get("charge") or "", dispute.get("payment_intent"), event
    )
    if record is not None:
        actions.handle_dispute(
            record,
            dispute["id"],
            int(dispute.get("amount") or 0),
            reason=dispute.get("reason") or "",
        )


def handle_account_updated(event):
    actions.update_connected_account(event.data_object, event.created)


HANDLERS = {
    consts.EVENT_PAYMENT_INTENT_SUCCEEDED: handle_payment_intent_succeeded,
    consts.EVENT_PAYMENT_INTENT_FAILED: handle_payment_intent_failed,
    consts.EVENT_CHARGE_REFUNDED: handle_charge_refunded,
    consts.EVENT_CHARGE_DISPUTE_CREATED: handle_charge_dispute_created,
    consts.EVENT_ACCOUNT_UPDATED: handle_account_updated,
}
