"""Background work of the Stripe integration (Celery finds it here)."""

import logging

from celery import shared_task
from django.contrib.sites.models import Site
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from delivery.checkout import order_fulfilment
from vendors.models import VendorOrder

from . import actions, stripe_api, webhooks

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderDispatcher = get_class("order.utils", "OrderDispatcher")

# Network trouble and Stripe's rate limits are worth another try; a retried
# task finds what the first attempt wrote and does not repeat it.
RETRY = {
    "autoretry_for": (stripe_api.StripeError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(**RETRY)
def process_stripe_event_task(event_pk):
    """Apply the recorded Stripe event ``event_pk`` (once, however often queued)."""
    return webhooks.process_stripe_event(event_pk)


@shared_task(**RETRY)
def pay_artisan_task(vendor_order_id):
    """Transfer a completed vendor order's net amount to its artisan, at most once.

    When the artisan cannot be paid yet (no Stripe account able to receive
    transfers), the reason is logged; ``account.updated`` queues the payout
    again once Stripe enables the account.
    """
    vendor_order = VendorOrder.objects.filter(pk=vendor_order_id).first()
    if vendor_order is None:
        logger.warning("pay_artisan_task: vendor order %s is gone", vendor_order_id)
        return None
    try:
        transfer = actions.pay_artisan(vendor_order)
    except actions.PayoutNotPossible as exc:
        logger.info("Vendor order %s: not paid yet (%s)", vendor_order.number, exc)
        return None
    return transfer.transfer_id if transfer is not None else None


@shared_task
def cancel_abandoned_payments_task():
    """Cancel the orders left unpaid online, giving back their stock and slots.

    Run by Celery beat; each order is cancelled once, under its row lock.
    """
    return actions.cancel_abandoned_payments()


def order_confirmation_context(order):
    """What Oscar's "order placed" e-mail needs, outside a request."""
    if order.user_id:
        path = reverse("customer:order", kwargs={"order_number": order.number})
    else:
        path = reverse(
            "customer:anon-order",
            kwargs={"order_number": order.number, "hash": order.verification_hash()},
        )
    site = Site.objects.get_current()
    return {
        "user": order.user,
        "order": order,
        "lines": order.lines.all(),
        "fulfilment_parts": order_fulfilment(order, qr="png"),
        "status_path": path,
        "status_url": f"https://{site.domain}{path}",
    }


@shared_task
def send_order_confirmation_task(order_id):
    """E-mail the consumer the confirmation of an order paid online.

    Queued once, when the payment is recorded (orders paid at pickup get it
    when placed, from the checkout).
    """
    order = Order._default_manager.filter(pk=order_id).first()
    if order is None:
        logger.warning("send_order_confirmation_task: order %s is gone", order_id)
        return
    OrderDispatcher(logger=logger).send_order_placed_email_for_user(
        order, order_confirmation_context(order)
    )
