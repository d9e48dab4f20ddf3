"""Background work of the Stripe integration (Celery finds it here)."""

import logging

from celery import shared_task

from vendors.models import VendorOrder

from . import actions, stripe_api, webhooks
from .consts import EVENT_ACCOUNT_UPDATED
from .models import ConnectedAccount, StripeEvent, StripeEventStatus

logger = logging.getLogger(__name__)

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
    """Apply the recorded Stripe event ``event_pk`` (once, however often queued).

    When an artisan's account becomes able to receive transfers, their
    completed orders waiting for a payout are queued for payment.
    """
    status = webhooks.process_stripe_event(event_pk)
    event = StripeEvent.objects.get(pk=event_pk)
    if status == StripeEventStatus.PROCESSED and event.type == EVENT_ACCOUNT_UPDATED:
        account = ConnectedAccount.objects.filter(
            account_id=event.data_object.get("id", "")
        ).first()
        if account is not None and account.can_receive_transfers:
            pay_waiting_artisans_task.delay(account.vendor_id)
    return status


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
def pay_waiting_artisans_task(vendor_id=None):
    """Queue the payout of every completed part paid online whose artisan can be
    paid and is not yet (one artisan's, or everyone's when run by beat).

    Catches up with payouts that failed or waited for the artisan's account;
    each payout is made once (``pay_artisan``).
    """
    waiting = list(actions.waiting_payouts(vendor_id).values_list("pk", flat=True))
    for vendor_order_id in waiting:
        pay_artisan_task.delay(vendor_order_id)
    return len(waiting)
