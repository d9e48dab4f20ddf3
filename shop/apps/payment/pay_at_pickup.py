"""Pay at pickup ("paiement au retrait"): when it is offered, and what it records.

Offered at checkout when every part of the basket is collected (workshop or
pickup point) from artisans who accept it. The order then gets an Oscar
payment ``Source`` of type "Paiement au retrait" allocated the order total,
with nothing debited; each artisan's part is debited when its parcel is handed
over (``record_payment_at_pickup``, called by the hand-over).
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

logger = logging.getLogger(__name__)

OrderNote = get_model("order", "OrderNote")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
Transaction = get_model("payment", "Transaction")

# Payment methods of the checkout session.
PAY_AT_PICKUP = "pay_at_pickup"
PAY_ONLINE = "online"
METHOD_LABELS = {
    PAY_AT_PICKUP: _("Pay at pickup"),
    PAY_ONLINE: _("Pay online by card"),
}

# Oscar's payment source type (stored, so not translated).
SOURCE_TYPE_NAME = "Paiement au retrait"
DEBIT_STATUS = "paid at pickup"


def is_offered(basket, choices):
    """True when ``basket`` may be paid at pickup with these fulfilment choices.

    ``choices`` are the checkout session's ({vendor id: choice}, or None when
    not made for the basket as it is). Every line must belong to an artisan
    whose part is collected (workshop or point), and every such artisan must
    accept payment at pickup (an artisan without options accepts it).
    """
    # Imported here: delivery's checkout helpers load delivery's actions,
    # which call back into this module at hand-over.
    from delivery.checkout import PICKUP_METHODS, artisan_parts

    if not choices:
        return False
    parts = artisan_parts(basket, with_slots=False)
    if not parts:
        return False
    if sum(len(part.lines) for part in parts) != len(basket.all_lines()):
        # Some line is sold by a partner that is no artisan: no pickup for it.
        return False
    for part in parts:
        choice = choices.get(part.vendor.pk)
        if choice is None or choice.get("method") not in PICKUP_METHODS:
            return False
        if not part.fulfilment.accepts_pay_at_pickup:
            return False
    return True


def source_type():
    kind, _created = SourceType.objects.get_or_create(name=SOURCE_TYPE_NAME)
    return kind


def new_source(total):
    """The (unsaved) source of an order paid at pickup: allocated, not debited.

    For the checkout's ``handle_payment``: Oscar saves it with the order.
    """
    return Source(
        source_type=source_type(),
        currency=total.currency,
        amount_allocated=total.incl_tax,
        label=str(METHOD_LABELS[PAY_AT_PICKUP]),
    )


def source_of(order):
    """The order's pay-at-pickup source, or None when it is paid otherwise."""
    return (
        Source.objects.filter(order=order, source_type__name=SOURCE_TYPE_NAME)
        .order_by("pk")
        .first()
    )


def is_paid_at_pickup(order):
    return source_of(order) is not None


def note_order_placed(order):
    OrderNote.objects.create(
        order=order,
        note_type=OrderNote.SYSTEM,
        message=_gettext(
            "To be paid at pickup: %(amount)s € (each artisan's part when "
            "its parcel is handed over)."
        )
        % {"amount": order.total_incl_tax},
    )


@transaction.atomic
def record_payment_at_pickup(vendor_order, user=None):
    """Record that the customer paid ``vendor_order`` when collecting it.

    Debits the order's pay-at-pickup source by the vendor order's total, with
    the vendor order's number as reference. Does nothing (returns None) for
    an order not paid at pickup, or when this vendor order's payment is
    already recorded; returns the debit transaction otherwise.
    """
    source = (
        Source.objects.select_for_update()
        .filter(order_id=vendor_order.order_id, source_type__name=SOURCE_TYPE_NAME)
        .order_by("pk")
        .first()
    )
    if source is None:
        return None
    reference = str(vendor_order.number)
    debits = source.transactions.filter(txn_type=Transaction.DEBIT, reference=reference)
    if debits.exists():
        logger.info("Vendor order %s: payment at pickup already recorded", reference)
        return None
    amount = vendor_order.total_incl_tax
    source.debit(amount, reference=reference, status=DEBIT_STATUS)
    OrderNote.objects.create(
        order_id=vendor_order.order_id,
        user=user if user is not None and user.is_authenticated else None,
        note_type=OrderNote.SYSTEM,
        message=_gettext("Paid at pickup: %(amount)s € for %(number)s.")
        % {"amount": amount, "number": reference},
    )
    logger.info("Vendor order %s: %s paid at pickup", reference, amount)
    return debits.get()
