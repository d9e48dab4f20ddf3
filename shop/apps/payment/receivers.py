"""What follows a payment recorded through Stripe (connected in the app's ready)."""

from . import actions, signals


def open_paid_order(sender, record, order, **kwargs):
    """The order leaves "pending payment": artisans see it, the consumer is told."""
    actions.on_order_paid(order)


def connect():
    signals.payment_succeeded.connect(
        open_paid_order, dispatch_uid="payment-open-paid-order"
    )
