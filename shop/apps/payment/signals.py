"""Signals the checkout listens to (e.g. to release holds of a failed payment)."""

from django.dispatch import Signal

# Sent once, in the transaction that records the payment: record, order.
payment_succeeded = Signal()
# Sent when Stripe reports a failed attempt (the intent can still succeed
# later): record, order, message.
payment_failed = Signal()
# Sent in the transaction that records a refund of an artisan's part, once the
# Refund row is saved: refund, vendor_order. Credit notes are issued from here.
refund_recorded = Signal()
