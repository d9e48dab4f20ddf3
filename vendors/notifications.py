"""The e-mails of an artisan's order's steps: to its customer, to its artisan.

Each step (``VendorOrderEvent``) names the e-mails it calls for; each is sent
once, in HTML and plain text, from ``vendors/emails/parts/<name>_*``. The
event's ``*_notified_at`` is written in the same transaction as the e-mail
leaves, under the event's row lock: a retried or duplicated task finds it and
sends nothing, and a failed send writes nothing, so the next run tries again.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from delivery.checkout import pickup_of
from delivery.fetch import customer_name
from shop.apps.core.links import absolute_url, order_status_path
from shop.apps.payment.fetch import amount_to_collect

from .models import VendorOrderEvent

logger = logging.getLogger(__name__)

RECIPIENTS = ("customer", "artisan")


def event_email_context(event):
    """What the e-mails of a step show: the part, its lines, its pickup, what is
    to pay at pickup, links."""
    vendor_order = event.vendor_order
    order = vendor_order.order
    return {
        "event": event,
        "details": event.details,
        "vendor_order": vendor_order,
        "order": order,
        "vendor": vendor_order.vendor,
        "customer_name": customer_name(order),
        "lines": list(vendor_order.lines.order_by("pk")),
        "pickup": pickup_of(vendor_order, qr="png"),
        # What the customer pays at the hand-over (parts paid at pickup).
        "amount_to_collect": amount_to_collect(vendor_order),
        "other_parts": order.vendor_orders.exclude(pk=vendor_order.pk).count(),
        "order_url": absolute_url(order_status_path(order)),
        "backoffice_url": absolute_url(
            reverse("backoffice:order-detail", kwargs={"number": vendor_order.number})
        ),
        "site_name": settings.OSCAR_SHOP_NAME,
    }


def render_part_email(name, context):
    """Subject, text body and HTML body of the part e-mail ``name``."""
    prefix = f"vendors/emails/parts/{name}"
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{prefix}_subject.txt", context)
        text = render_to_string(f"{prefix}_body.txt", context)
        html = render_to_string(f"{prefix}_body.html", context)
    return " ".join(subject.split()), text, html


def recipients_for(event, recipient):
    if recipient == "customer":
        return (
            [event.vendor_order.order.email] if event.vendor_order.order.email else []
        )
    return event.vendor_order.vendor.contact_emails()


def send_event_email(event_id, recipient):
    """Send the e-mail a step calls for to ``recipient`` ("customer" or
    "artisan"), unless it was sent; True when it left now."""
    with transaction.atomic():
        event = (
            VendorOrderEvent.objects.select_for_update(of=("self",))
            .select_related(
                "vendor_order__order__user",
                "vendor_order__order__shipping_address",
                "vendor_order__vendor__partner",
                "vendor_order__reservation__slot__point",
            )
            .filter(pk=event_id)
            .first()
        )
        if event is None:
            logger.warning("no vendor order event %s to announce", event_id)
            return False
        name = getattr(event, f"{recipient}_email")
        if not name or getattr(event, f"{recipient}_notified_at") is not None:
            return False
        to = recipients_for(event, recipient)
        if not to:
            logger.warning(
                "vendor order %s: no e-mail address for the %s e-mail %s",
                event.vendor_order.number,
                recipient,
                name,
            )
            return False
        subject, text, html = render_part_email(name, event_email_context(event))
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
        message.attach_alternative(html, "text/html")
        message.send()
        setattr(event, f"{recipient}_notified_at", timezone.now())
        event.save(update_fields=[f"{recipient}_notified_at"])
    return True


def send_event_emails(event_id):
    """Send every e-mail a step calls for, each once; returns how many left now."""
    return sum(send_event_email(event_id, recipient) for recipient in RECIPIENTS)
