"""What the conductor does when the payment app reports (connected in ready)."""

from shop.apps.payment import signals

from .marketplace import open_paid_order


def open_order_once_paid(sender, record, order, **kwargs):
    """The order leaves "pending payment": artisans see it, the consumer is told."""
    open_paid_order(order)


def connect():
    signals.payment_succeeded.connect(
        open_order_once_paid, dispatch_uid="lifecycle-open-paid-order"
    )
