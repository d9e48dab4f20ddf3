"""Constants of the Stripe integration and the Decimal <-> cents boundary."""

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

# The marketplace sells in euros only; Stripe wants lower-case ISO codes.
CURRENCY = "eur"
CENTS = D("0.01")

# Oscar's payment source type for money taken through Stripe.
SOURCE_TYPE_NAME = "Stripe"

# Stripe event types the webhook acts on (others are recorded and ignored).
EVENT_PAYMENT_INTENT_SUCCEEDED = "payment_intent.succeeded"
EVENT_PAYMENT_INTENT_FAILED = "payment_intent.payment_failed"
EVENT_CHARGE_REFUNDED = "charge.refunded"
EVENT_CHARGE_DISPUTE_CREATED = "charge.dispute.created"
EVENT_ACCOUNT_UPDATED = "account.updated"

# PaymentIntent statuses as Stripe names them.
INTENT_SUCCEEDED = "succeeded"
INTENT_CANCELED = "canceled"
INTENT_PROCESSING = "processing"


def transfer_idempotency_key(vendor_order_number):
    """The one key every attempt to pay a vendor order's artisan uses."""
    return f"transfer-{vendor_order_number}"


def to_cents(amount):
    """``Decimal`` euros -> integer cents, for Stripe."""
    return int((D(amount) / CENTS).quantize(D("1"), rounding=ROUND_HALF_UP))


def from_cents(cents):
    """Integer cents from Stripe -> ``Decimal`` euros with two places."""
    return (D(int(cents)) * CENTS).quantize(CENTS)


def artisan_due_cents(vendor_order, refunded):
    """The artisan's net amount, less their share of ``refunded`` (cents).

    The artisan bears refunds in proportion of net to what the customer paid
    (the part less funded discounts: a whole refund takes the whole net back),
    computed on the cumulated refunds so partial refunds never drift by a cent.
    """
    net = to_cents(vendor_order.net_amount)
    total = to_cents(vendor_order.customer_total)
    if total == 0:
        # Nothing was paid by the customer, so nothing can be refunded.
        return net
    share = (D(net) * refunded / total).quantize(D("1"))
    return max(net - int(share), 0)
