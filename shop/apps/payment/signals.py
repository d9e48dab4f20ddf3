"""Signals the checkout listens to (e.g. to release holds of a failed payment)."""

from django.dispatch import Signal

# Sent once, in the transaction that records the payment: record, order.
payment_succeeded = Signal()
# Sent when Stripe reports a failed attempt (the intent can still succeed
# later): record, order, message.
payment_failed = Signal()
