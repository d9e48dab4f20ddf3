"""Pay at pickup ("paiement au retrait"): what it records.

Offered at checkout when every part of the basket is collected (workshop or
pickup point) from artisans who accept it (``checkout.offers``). The order
then gets an Oscar payment ``Source`` of type "Paiement au retrait" allocated
the order total, with nothing debited; each artisan's part is debited when its
parcel is handed over, with what was collected, how and where
(``record_payment_at_pickup``, called by the order conductor at hand-over).
"""

import logging
from decimal import Decimal as D

from django.db import transaction
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from delivery.models import PickupPointKind

from .models import CollectionHolder, CollectionMethod, PickupCollection

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


class CollectionRefused(Exception):
    """What was typed as collected does not settle the part; says why."""


def check_collection(vendor_order, method, amount):
    """Refuse (``CollectionRefused``) a means or an amount that does not settle
    the part; return the amount as a ``Decimal``."""
    if method not in CollectionMethod.values:
        raise CollectionRefused(
            _("Please say how the customer paid: cash, card or cheque.")
        )
    try:
        amount = D(str(amount)).quantize(D("0.01"))
    except ArithmeticError:
        raise CollectionRefused(_("Please type the amount collected.")) from None
    # The customer pays the part less what a funder pays for them.
    if amount != vendor_order.customer_total:
        raise CollectionRefused(
            _("The customer pays %(due)s € for this parcel, not %(amount)s €.")
            % {
                "due": localize(vendor_order.customer_total),
                "amount": localize(amount),
            }
        )
    return amount


@transaction.atomic
def record_payment_at_pickup(vendor_order, user, method, amount, point, now=None):
    """Record that the customer paid ``vendor_order`` when collecting it.

    Debits the order's pay-at-pickup source by the vendor order's total (its
    number as reference) and keeps what was collected, how, where and by
    whom: at a drive or relay point the chamber holds the money, at the
    workshop the artisan. Does nothing (returns None) for an order not paid
    at pickup, or when this part's payment is already recorded; raises
    ``CollectionRefused`` when ``method`` or ``amount`` do not settle the part.
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
    if PickupCollection.objects.filter(vendor_order=vendor_order).exists():
        logger.info("Vendor order %s: payment at pickup already recorded", reference)
        return None
    amount = check_collection(vendor_order, method, amount)
    source.debit(amount, reference=reference, status=DEBIT_STATUS)
    collection = PickupCollection.objects.create(
        vendor_order=vendor_order,
        amount=amount,
        method=method,
        holder=(
            CollectionHolder.ARTISAN
            if point.kind == PickupPointKind.WORKSHOP
            else CollectionHolder.CHAMBER
        ),
        point=point,
        collected_by=user if user is not None and user.is_authenticated else None,
        collected_at=now or timezone.now(),
    )
    OrderNote.objects.create(
        order_id=vendor_order.order_id,
        user=collection.collected_by,
        note_type=OrderNote.SYSTEM,
        message=_gettext("Paid at pickup: %(amount)s € (%(method)s) for %(number)s.")
        % {
            "amount": amount,
            "method": collection.get_method_display(),
            "number": reference,
        },
    )
    logger.info("Vendor order %s: %s paid at pickup", reference, amount)
    return collection
