"""When documents are issued: from the steps of a part and from refunds
(connected in the app's ``ready``), in the transaction of the step or refund.

- paid online (``PAY``): the invoice, dated and paid by card at Stripe's
  confirmation;
- handed over and paid at pickup (``HAND_OVER`` with a collection): the
  invoice, paid by the means collected;
- a refund of an invoiced part: a credit note of its amount;
- an invoiced part cancelled, refused or returned: a credit note of what its
  invoice still owes (the funded share too).
"""

from shop.apps.payment import signals as payment_signals
from shop.apps.payment.models import PaymentIntentRecord, PickupCollection
from vendors.models import PartAction, VendorOrderStatus
from vendors.signals import vendor_order_stepped

from . import actions
from .models import PaymentMethod

CREDITED_STATUSES = frozenset(
    {
        VendorOrderStatus.CANCELLED,
        VendorOrderStatus.REFUSED,
        VendorOrderStatus.RETURNED,
    }
)


def online_payment_date(order, default):
    record = (
        PaymentIntentRecord.objects.filter(order=order, paid_at__isnull=False)
        .order_by("paid_at")
        .first()
    )
    return record.paid_at if record is not None else default


def issue_documents_of_step(sender, vendor_order, event, transition, **kwargs):
    action = transition.action
    if action == PartAction.PAY:
        actions.issue_invoice(
            vendor_order,
            PaymentMethod.CARD_ONLINE,
            paid_at=online_payment_date(vendor_order.order, event.created_at),
        )
    elif action == PartAction.HAND_OVER:
        collection = PickupCollection.objects.filter(vendor_order=vendor_order).first()
        if collection is not None:
            actions.issue_invoice(
                vendor_order,
                PaymentMethod(collection.method),
                paid_at=collection.collected_at,
            )
    if transition.target in CREDITED_STATUSES:
        actions.credit_what_remains(vendor_order, details=event.reason)


def credit_refund(sender, refund, vendor_order, **kwargs):
    actions.credit_refund(refund)


def connect():
    vendor_order_stepped.connect(
        issue_documents_of_step, dispatch_uid="invoicing-documents-of-step"
    )
    payment_signals.refund_recorded.connect(
        credit_refund, dispatch_uid="invoicing-credit-refund"
    )
