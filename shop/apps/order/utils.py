"""Order placement: Oscar's, followed by the split into artisans' parts."""

from django.db import transaction
from oscar.apps.order import utils

from vendors.actions import split_order_by_vendor


class OrderCreator(utils.OrderCreator):
    def place_order(self, *args, **kwargs):
        """Place the order and, in the same transaction, one part per artisan.

        ``fulfilment`` (vendor id -> (method, cost incl. tax)) carries each
        artisan's delivery or pickup choice when the checkout knows it;
        ``awaiting_payment`` places an order paid online, whose parts wait for
        Stripe's confirmation ("pending payment").
        """
        fulfilment = kwargs.pop("fulfilment", None)
        awaiting_payment = kwargs.pop("awaiting_payment", False)
        with transaction.atomic():
            order = super().place_order(*args, **kwargs)
            split_order_by_vendor(
                order, fulfilment=fulfilment, awaiting_payment=awaiting_payment
            )
        return order
