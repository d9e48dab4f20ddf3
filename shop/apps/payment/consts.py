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
