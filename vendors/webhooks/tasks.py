"""Sending webhook deliveries: one attempt per run, retried with backoff.

A delivery is tried until its endpoint answers 2xx, at most
``WEBHOOK_MAX_ATTEMPTS`` times, waiting ``WEBHOOK_RETRY_BASE_SECONDS`` × 2ⁿ
between attempts. Each attempt is claimed first (its number, in one UPDATE),
so a retry queued by Celery and the beat sweep never send the same attempt
twice; an attempt lost with its worker is sent again by the sweep: at least
once, the event's id lets receivers drop repeats.
"""

import datetime
import json
import logging
import time

import requests
from celery import current_app, shared_task
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from . import signing
from .models import DeliveryStatus, WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

# (connect, read) seconds: a receiver answers quickly, and works afterwards.
TIMEOUT = (3.05, 5)


def max_attempts():
    return getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 8)


def retry_delay(attempt_number):
    """Seconds to wait after failed attempt ``attempt_number`` (1, 2, …)."""
    base = getattr(settings, "WEBHOOK_RETRY_BASE_SECONDS", 300)
    return base * 2 ** (attempt_number - 1)


def body_of(event):
    """The bytes sent for ``event``: the same for every attempt."""
    return json.dumps(event.payload, separators=(",", ":"), ensure_ascii=False).encode()


def post(endpoint, event):
    """POST ``event`` to ``endpoint``, signed; returns (status code, error)."""
    body = body_of(event)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Artisans-Webhooks/1",
        signing.SIGNATURE_HEADER: signing.signature_header(endpoint.secret, body),
        signing.EVENT_ID_HEADER: event.event_id,
    }
    try:
        response = requests.post(
            endpoint.url,
            data=body,
            headers=headers,
            timeout=TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}"[:300]
    error = ""
    if not 200 <= response.status_code < 300:
        error = f"HTTP {response.status_code}"
    return response.status_code, error


def claim(delivery_id, number):
    """Take attempt ``number`` of a pending delivery; False if another run did."""
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery_id,
            status=DeliveryStatus.PENDING,
            attempt_count=number - 1,
        ).update(attempt_count=F("attempt_count") + 1)
    )


def attempt_delivery(delivery_id, number=None):
    """Make attempt ``number`` (default: the next one) of a delivery and log it.

    Returns the attempt, or None when there was nothing to do (delivered,
    given up, endpoint disabled, or the attempt already taken).
    """
    delivery = (
        WebhookDelivery.objects.select_related("endpoint", "event")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    number = number or delivery.attempt_count + 1
    if not delivery.endpoint.is_active or not claim(delivery_id, number):
        return None
    started = time.monotonic()
    attempted_at = timezone.now()
    status_code, error = post(delivery.endpoint, delivery.event)
    duration_ms = int((time.monotonic() - started) * 1000)
    succeeded = not error
    next_retry_at = None
    if succeeded:
        status = DeliveryStatus.SUCCEEDED
    elif number >= max_attempts():
        status = DeliveryStatus.FAILED
    else:
        status = DeliveryStatus.PENDING
        next_retry_at = timezone.now() + datetime.timedelta(seconds=retry_delay(number))
    attempt = WebhookAttempt.objects.create(
        delivery=delivery,
        attempted_at=attempted_at,
        status_code=status_code,
        duration_ms=duration_ms,
        error=error,
        next_retry_at=next_retry_at,
    )
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        status=status, next_attempt_at=next_retry_at
    )
    if not succeeded:
        logger.info(
            "webhook %s to endpoint %s: attempt %s failed (%s)",
            delivery.event.event_id,
            delivery.endpoint_id,
            number,
            error,
        )
    if next_retry_at is not None and not current_app.conf.task_always_eager:
        # Eagerly (no broker), the sweep retries: a request never waits
        # for eight attempts.
        deliver_webhook_task.apply_async(
            (delivery_id, number + 1), countdown=retry_delay(number)
        )
    return attempt


def retry_due_deliveries(now=None):
    """Attempt every pending delivery whose next attempt is due; their count."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "attempt_count")[:500]
    )
    for delivery_id, attempt_count in due:
        attempt_delivery(delivery_id, attempt_count + 1)
    return len(due)


@shared_task
def deliver_webhook_task(delivery_id, number=None):
    """Make one attempt of a webhook delivery (idempotent: an attempt already
    made, or a delivery done, is skipped); a failure queues the next one."""
    attempt_delivery(delivery_id, number)


@shared_task
def retry_due_webhooks_task():
    """Send the webhook deliveries whose retry is due (run by beat: it also
    catches attempts whose queued task was lost)."""
    count = retry_due_deliveries()
    if count:
        logger.info("webhooks: %s due deliveries attempted", count)
