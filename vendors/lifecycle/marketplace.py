"""The steps the marketplace takes itself: opening the parts of an order paid
online, cancelling orders left unpaid, marking parcels nobody collected."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from oscar.core.loading import get_model

from delivery.fetch import no_show_candidates
from shop.apps.order.tasks import send_order_confirmation_task
from shop.apps.payment import actions as payment
from shop.apps.payment.stripe_api import StripeError
from vendors.models import OrderStatus, PartAction, VendorOrderStatus

from .conductor import Actor, StepInput, StepRefused, perform

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")


@transaction.atomic
def open_paid_order(order):
    """Stripe took the payment: the parts awaiting it go to their artisans.

    The consumer gets the order's confirmation, once. Called in the
    transaction that records the payment; returns the parts opened (none
    when already done).
    """
    locked = Order._default_manager.select_for_update().get(pk=order.pk)
    waiting = list(
        locked.vendor_orders.filter(status=VendorOrderStatus.AWAITING_PAYMENT).order_by(
            "pk"
        )
    )
    for vendor_order in waiting:
        perform(vendor_order, PartAction.PAY, Actor.system())
    if waiting:
        order_id = locked.pk
        transaction.on_commit(
            lambda: send_order_confirmation_task.delay(order_id), robust=True
        )
    elif locked.status == OrderStatus.CANCELLED:
        # Stripe refuses to cancel an intent that succeeded, so this should
        # not happen; if it does, money was taken for a cancelled order.
        logger.error("Order #%s: paid after it was cancelled unpaid", locked.number)
        payment.add_note(
            locked,
            _gettext(
                "Payment received for an order cancelled for non-payment: "
                "refund the customer from the Stripe Dashboard."
            ),
            note_type=OrderNote.ERROR,
        )
    return waiting


@transaction.atomic
def abandon_unpaid_order(order):
    """Cancel an order still pending payment, once; True when this call did it.

    Stripe is asked first, under the order's row lock
    (``payment.close_unpaid_payment``): a payment that succeeded meanwhile is
    recorded instead, one still processing is left for a later sweep. Then
    each part gives back its stock and its slot. A Stripe error rolls
    everything back (the next sweep tries again).
    """
    outcome = payment.close_unpaid_payment(order)
    if outcome != payment.UnpaidOutcome.CLOSED:
        return False
    reason = _gettext("Payment not received in time.")
    for vendor_order in order.vendor_orders.filter(
        status=VendorOrderStatus.AWAITING_PAYMENT
    ).order_by("pk"):
        perform(
            vendor_order, PartAction.ABANDON, Actor.system(), StepInput(reason=reason)
        )
    payment.add_note(
        order,
        _gettext(
            "Cancelled: no payment received in time; stock and pickup slots released."
        ),
    )
    logger.info("Order #%s: cancelled, payment abandoned", order.number)
    return True


def cancel_abandoned_payments(now=None):
    """Cancel the orders still pending payment ``PAYMENT_PENDING_MINUTES`` after
    they were placed; returns the numbers of the orders cancelled.

    An order Stripe cannot be asked about now is logged and left for the next
    sweep; the others are still swept.
    """
    cancelled = []
    for order in payment.abandoned_orders(now):
        try:
            if abandon_unpaid_order(order):
                cancelled.append(order.number)
        except StripeError:
            logger.exception(
                "Order #%s: abandoned payment not cancelled (Stripe error)",
                order.number,
            )
    return cancelled


def mark_no_shows(now=None):
    """Parts ready at their point whose slot and grace period are over become
    "not collected"; returns their numbers."""
    now = now or timezone.now()
    marked = []
    for booking in no_show_candidates(now):
        try:
            perform(
                booking.vendor_order,
                PartAction.NO_SHOW,
                Actor.system(),
                StepInput(now=now),
            )
        except StepRefused:
            # Moved on meanwhile (collected at the last minute, cancelled).
            continue
        marked.append(booking.vendor_order.number)
    return marked
