"""Order placement: Oscar's, with stock that never oversells, then the split
into artisans' parts."""

from django.db import transaction
from oscar.apps.order import utils

from shop.apps.partner import stock
from vendors.actions import split_order_by_vendor
from vendors.tasks.orders import queue_event_emails


class OrderCreator(utils.OrderCreator):
    def place_order(self, *args, **kwargs):
        """Place the order and, in the same transaction, one part per artisan.

        ``fulfilment`` (vendor id -> (method, cost incl. tax)) carries each
        artisan's delivery or pickup choice when the checkout knows it;
        ``awaiting_payment`` places an order paid online, whose parts wait for
        Stripe's confirmation ("pending payment"). Raises
        ``stock.StockUnavailable`` (and nothing is written) when a product
        does not have the units left. The artisans of parts to handle now
        are told once the order is committed.
        """
        fulfilment = kwargs.pop("fulfilment", None)
        awaiting_payment = kwargs.pop("awaiting_payment", False)
        with transaction.atomic():
            order = super().place_order(*args, **kwargs)
            vendor_orders = split_order_by_vendor(
                order, fulfilment=fulfilment, awaiting_payment=awaiting_payment
            )
            queue_event_emails(
                event
                for vendor_order in vendor_orders
                for event in vendor_order.events.all()
            )
        return order

    def update_stock_records(self, line):
        # Oscar calls this per line in stock record order, inside its
        # transaction: each record stays locked until the order is written.
        if stock.tracks_stock(line.product):
            stock.allocate(line.stockrecord, line.quantity, line.product.get_title())
