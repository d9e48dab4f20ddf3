"""Signals of artisans' orders."""

from django.dispatch import Signal

# Sent by the order conductor in the transaction of each step, once its
# consequences (stock, slot, payment) are applied and the step recorded:
# vendor_order, event (``VendorOrderEvent``), transition
# (``vendors.lifecycle.rules.Transition``). Documents such as invoices and
# credit notes are issued from here.
vendor_order_stepped = Signal()
