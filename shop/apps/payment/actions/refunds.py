"""Refunds of artisans' orders (with the reversal of what the artisan was paid),
refunds Stripe reports, and disputes.

Stripe is called with keys derived from the vendor order and the refund's
rank, so retrying a refund that failed half-way refunds and reverses once.
"""

import logging
from decimal import Decimal as D

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from vendors.models import VendorOrder

from .. import signals, stripe_api
from ..consts import CENTS, from_cents, to_cents
from ..models import PaymentIntentRecord, Refund, Transfer, TransferStatus
from .common import OrderNote, add_note, paid_intent_for, refunded_cents
from .payouts import artisan_due_cents

logger = logging.getLogger(__name__)

Source = get_model("payment", "Source")


class RefundRefused(Exception):
    """A refund a person asked for that cannot be made; says why, changes nothing."""


def is_paid_online(order):
    """True when Stripe took the order's payment (there is a charge to refund)."""
    payment = paid_intent_for(order)
    return payment is not None and bool(payment.latest_charge_id)


def refundable_amount(vendor_order):
    """What can still be refunded on a vendor order, in euros: what the
    customer paid for it (less funded discounts), less earlier refunds."""
    return from_cents(
        to_cents(vendor_order.customer_total) - refunded_cents(vendor_order)
    )


@transaction.atomic
def refund_vendor_order(vendor_order, amount, by=None, reason=""):
    """Refund ``amount`` (Decimal euros) of a vendor order on the order's charge.

    Refuses (``RefundRefused``, nothing changed) a non-positive amount or more
    than what remains. When the artisan was already paid, their share of the
    refund is reversed from the transfer. Stripe is called with keys derived
    from the vendor order and the refund's rank, so retrying a refund that
    failed half-way refunds and reverses once.
    """
    amount = D(amount).quantize(CENTS)
    if amount <= 0:
        raise RefundRefused(_("The amount to refund must be more than zero."))
    vendor_order = (
        VendorOrder.objects.select_for_update()
        .select_related("order", "vendor")
        .get(pk=vendor_order.pk)
    )
    refunded = refunded_cents(vendor_order)
    remaining = to_cents(vendor_order.customer_total) - refunded
    cents = to_cents(amount)
    if cents > remaining:
        raise RefundRefused(
            _("At most %(remaining)s € can still be refunded on %(number)s.")
            % {"remaining": from_cents(remaining), "number": vendor_order.number}
        )
    payment = paid_intent_for(vendor_order.order)
    if payment is None or not payment.latest_charge_id:
        raise RefundRefused(_("This order was not paid through Stripe."))

    rank = vendor_order.refunds.count() + 1
    stripe_refund = stripe_api.create_refund(
        payment.latest_charge_id,
        cents,
        idempotency_key=f"refund-{vendor_order.number}-{rank}",
        metadata={"vendor_order": vendor_order.number},
    )
    refund = Refund(
        vendor_order=vendor_order,
        refund_id=stripe_refund.id,
        amount_cents=cents,
        reason=reason,
        created_by=by if by is not None and by.is_authenticated else None,
    )

    transfer = (
        Transfer.objects.select_for_update().filter(vendor_order=vendor_order).first()
    )
    if transfer is not None and transfer.is_paid:
        still_paid = transfer.amount_cents - transfer.reversed_cents
        to_reverse = still_paid - artisan_due_cents(vendor_order, refunded + cents)
        if to_reverse > 0:
            reversal = stripe_api.create_transfer_reversal(
                transfer.transfer_id,
                to_reverse,
                idempotency_key=f"reversal-{vendor_order.number}-{rank}",
            )
            refund.reversal_id = reversal.id
            refund.reversal_cents = to_reverse
            transfer.reversed_cents += to_reverse
            transfer.status = (
                TransferStatus.REVERSED
                if transfer.reversed_cents >= transfer.amount_cents
                else TransferStatus.PARTIALLY_REVERSED
            )
            transfer.save()
    refund.save()
    signals.refund_recorded.send(
        sender=Refund, refund=refund, vendor_order=vendor_order
    )

    source = Source.objects.filter(
        order=vendor_order.order, reference=payment.intent_id
    ).first()
    if source is not None:
        source.refund(amount, reference=refund.refund_id, status=stripe_refund.status)
    add_note(
        vendor_order.order,
        _gettext("Refund of %(amount)s € on %(number)s (%(refund)s).")
        % {"amount": amount, "number": vendor_order.number, "refund": refund.refund_id},
    )
    logger.info(
        "Vendor order %s: refund %s of %s cents, reversal %s of %s cents",
        vendor_order.number,
        refund.refund_id,
        cents,
        refund.reversal_id or "-",
        refund.reversal_cents,
    )
    return refund


@transaction.atomic
def record_charge_refunded(intent_record, event_created, amount_refunded_cents):
    """Keep what Stripe says was refunded; flag refunds made outside the shop."""
    record = PaymentIntentRecord.objects.select_for_update().get(pk=intent_record.pk)
    if amount_refunded_cents <= record.amount_refunded_cents:
        return False
    record.amount_refunded_cents = amount_refunded_cents
    record.save(update_fields=["amount_refunded_cents", "updated_at"])
    ours = (
        Refund.objects.filter(vendor_order__order=record.order).aggregate(
            total=Sum("amount_cents")
        )["total"]
        or 0
    )
    if amount_refunded_cents > ours:
        logger.warning(
            "Order #%s: Stripe reports %s cents refunded, the marketplace %s",
            record.order.number,
            amount_refunded_cents,
            ours,
        )
        add_note(
            record.order,
            _gettext(
                "Stripe reports %(stripe)s € refunded, of which %(ours)s € through "
                "the marketplace: check the artisans' ledger."
            )
            % {"stripe": from_cents(amount_refunded_cents), "ours": from_cents(ours)},
            note_type=OrderNote.WARNING,
        )
    return True


# Disputes
# ------------------------------------------------------------------------------


def chamber_staff_emails():
    """Who hears about disputes: ``settings.ADMINS``, else active staff accounts."""
    emails = [email for _name, email in settings.ADMINS]
    if emails:
        return emails
    return list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


@transaction.atomic
def handle_dispute(intent_record, dispute_id, amount_cents, reason=""):
    """Mark the order as disputed (an order note) and alert chamber staff once."""
    record = PaymentIntentRecord.objects.select_for_update().get(pk=intent_record.pk)
    if record.dispute_id == dispute_id:
        return False
    record.dispute_id = dispute_id
    record.save(update_fields=["dispute_id", "updated_at"])
    order = record.order
    values = {
        "number": order.number,
        "amount": from_cents(amount_cents),
        "reason": reason or "-",
        "dispute": dispute_id,
    }
    message = (
        _gettext(
            "The customer disputes the payment of order %(number)s: %(amount)s €, "
            "reason “%(reason)s” (Stripe dispute %(dispute)s). Answer it from the "
            "Stripe Dashboard before the deadline."
        )
        % values
    )
    add_note(order, message, note_type=OrderNote.ERROR)
    logger.warning("Order #%s: dispute %s opened at Stripe", order.number, dispute_id)
    recipients = chamber_staff_emails()
    if recipients:
        subject = _gettext("Payment disputed: order %(number)s") % values
        transaction.on_commit(
            lambda: send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, recipients)
        )
    return True
