"""Background work of orders: the consumer's confirmation of an order paid online."""

import logging

from celery import shared_task
from oscar.core.loading import get_class, get_model

from delivery.checkout import order_fulfilment
from shop.apps.core.links import absolute_url, order_status_path

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderDispatcher = get_class("order.utils", "OrderDispatcher")


def order_confirmation_context(order):
    """What Oscar's "order placed" e-mail needs, outside a request."""
    path = order_status_path(order)
    return {
        "user": order.user,
        "order": order,
        "lines": order.lines.all(),
        "fulfilment_parts": order_fulfilment(order, qr="png"),
        "status_path": path,
        "status_url": absolute_url(path),
    }


@shared_task
def send_order_confirmation_task(order_id):
    """E-mail the consumer the confirmation of an order paid online.

    Queued once, when the payment is recorded (orders paid at pickup get it
    when placed, from the checkout).
    """
    order = Order._default_manager.filter(pk=order_id).first()
    if order is None:
        logger.warning("send_order_confirmation_task: order %s is gone", order_id)
        return
    OrderDispatcher(logger=logger).send_order_placed_email_for_user(
        order, order_confirmation_context(order)
    )
