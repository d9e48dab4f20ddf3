"""Refunds of artisans' parts paid at pickup, given back by hand.

A part paid at a drive or relay point, or at the workshop, was never charged
through Stripe: when goods come back or an item is faulty, whoever held the
money (the chamber at a point, the artisan at the workshop) gives it back in
cash, by cheque or on the card terminal, and chamber staff record it here.
Nothing is debited at Stripe; the refund is kept as a ``Refund`` row like
Stripe's, so that what remains refundable, the settlements and the credit
notes read one ledger (``signals.refund_recorded`` is sent, as for Stripe's).
"""

import logging
from decimal import Decimal as D
from decimal import InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from vendors.models import VendorOrder, VendorOrderStatus

from .. import signals
from ..consts import CENTS, from_cents, to_cents
from ..models import CollectionMethod, PickupCollection, Refund
from ..pay_at_pickup import SOURCE_TYPE_NAME
from .common import add_note, refunded_cents
from .refunds import RefundRefused

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Source = get_model("payment", "Source")

# The status of the pay-at-pickup source's refund transactions.
REFUND_STATUS = "refunded at pickup"


def pickup_refund_id(vendor_order, rank):
    """The id of the ``rank``-th refund of a part (never a Stripe id: ``re_…``)."""
    return f"pickup-{vendor_order.number}-{rank}"


def collection_of(vendor_order):
    """What was collected at the part's hand-over, or None."""
    return PickupCollection.objects.filter(vendor_order=vendor_order).first()


def may_refund_at_pickup(vendor_order):
    """True when staff may record a refund made at pickup on this part: it
    was paid at its hand-over, and is completed."""
    return (
        vendor_order.status == VendorOrderStatus.COMPLETED
        and collection_of(vendor_order) is not None
    )


def pickup_refund_summary(vendor_order):
    """What the refund-at-pickup form shows of a part: what was collected,
    whether it may be refunded so, what remains, the refunds made."""
    collection = collection_of(vendor_order)
    return {
        "pickup_collection": collection,
        "pickup_refund_allowed": (
            collection is not None
            and vendor_order.status == VendorOrderStatus.COMPLETED
        ),
        "pickup_refundable": from_cents(
            to_cents(vendor_order.customer_total) - refunded_cents(vendor_order)
        ),
        "pickup_refunds": vendor_order.refunds.select_related("created_by"),
    }


@transaction.atomic
def record_refund_at_pickup(vendor_order, amount, method, by=None, reason=""):
    """Record that ``amount`` (euros) of a part paid at pickup was given back
    to the customer by ``method`` (cash, card, cheque); return the ``Refund``.

    Under the order's and the part's row locks (the conductor's order), so
    two refunds recorded at once never give back more than was paid. Refuses
    (``RefundRefused``, nothing changed) a part not paid at pickup or not
    completed, an unknown means, a non-positive amount, or more than what
    remains: what the customer paid (``customer_total``) less earlier refunds.
    Nothing is debited at Stripe: the order's pay-at-pickup source records the
    refund, and an order note says who gave what back.
    """
    try:
        amount = D(str(amount)).quantize(CENTS)
    except (InvalidOperation, ValueError):
        raise RefundRefused(_("Please type the amount given back.")) from None
    if amount <= 0:
        raise RefundRefused(_("The amount to refund must be more than zero."))
    if method not in CollectionMethod.values:
        raise RefundRefused(
            _("Please say how the money was given back: cash, card or cheque.")
        )
    Order._default_manager.select_for_update().get(pk=vendor_order.order_id)
    vendor_order = (
        VendorOrder.objects.select_for_update(of=("self",))
        .select_related("order", "vendor__partner")
        .get(pk=vendor_order.pk)
    )
    collection = collection_of(vendor_order)
    if collection is None:
        raise RefundRefused(
            _(
                "This order was not paid at pickup: refund it through Stripe from "
                "the payouts ledger."
            )
        )
    if vendor_order.status != VendorOrderStatus.COMPLETED:
        raise RefundRefused(
            _("Only a completed order can be refunded after its pickup.")
        )
    refunded = refunded_cents(vendor_order)
    remaining = to_cents(vendor_order.customer_total) - refunded
    cents = to_cents(amount)
    if cents > remaining:
        raise RefundRefused(
            _("At most %(remaining)s € can still be refunded on %(number)s.")
            % {"remaining": from_cents(remaining), "number": vendor_order.number}
        )

    rank = vendor_order.refunds.count() + 1
    refund = Refund.objects.create(
        vendor_order=vendor_order,
        refund_id=pickup_refund_id(vendor_order, rank),
        amount_cents=cents,
        reason=reason.strip(),
        method=method,
        holder=collection.holder,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    # The credit note of the part's invoice is issued from here.
    signals.refund_recorded.send(
        sender=Refund, refund=refund, vendor_order=vendor_order
    )
    source = (
        Source.objects.select_for_update()
        .filter(order_id=vendor_order.order_id, source_type__name=SOURCE_TYPE_NAME)
        .order_by("pk")
        .first()
    )
    if source is not None:
        source.refund(amount, reference=refund.refund_id, status=REFUND_STATUS)
    add_note(
        vendor_order.order,
        _gettext(
            "Refund made at pickup: %(amount)s € (%(method)s) on %(number)s, "
            "given back by %(holder)s (%(refund)s)."
        )
        % {
            "amount": amount,
            "method": refund.get_method_display(),
            "number": vendor_order.number,
            "holder": refund.get_holder_display(),
            "refund": refund.refund_id,
        },
    )
    logger.info(
        "Vendor order %s: refund at pickup %s of %s cents (%s, %s)",
        vendor_order.number,
        refund.refund_id,
        cents,
        method,
        collection.holder,
    )
    return refund
