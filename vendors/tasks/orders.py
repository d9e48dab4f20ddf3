"""Background work of the artisans' shops."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from vendors.models import VendorOrderEvent

logger = logging.getLogger(__name__)


@shared_task
def notify_customer_of_vendor_order_event_task(event_id):
    """E-mail the customer that an artisan's part of their order changed status.

    Idempotent: an event whose customer was already notified is skipped, so a
    retried or duplicated task sends one e-mail.
    """
    with transaction.atomic():
        event = (
            VendorOrderEvent.objects.select_for_update()
            .select_related("vendor_order__order", "vendor_order__vendor__partner")
            .get(pk=event_id)
        )
        if event.customer_notified_at is not None:
            return False
        order = event.vendor_order.order
        recipient = order.email
        if not recipient:
            logger.warning("order %s has no e-mail address to notify", order.number)
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "event": event,
                "vendor_order": event.vendor_order,
                "order": order,
            }
            subject = render_to_string(
                "vendors/emails/vendor_order_status_subject.txt", context
            ).strip()
            body = render_to_string(
                "vendors/emails/vendor_order_status_body.txt", context
            )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        event.customer_notified_at = timezone.now()
        event.save(update_fields=["customer_notified_at"])
    return True
