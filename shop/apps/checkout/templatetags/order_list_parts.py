"""``{% order_list_parts orders as parts_by_order %}``: the account's order
list with each order's artisans, their status, way and, for pickups still to
collect, the pickup code and slot. One query for the whole page of orders."""

from django import template

from delivery.checkout import PICKUP_METHODS, pickup_of
from vendors.fetch import customer_part_status_label
from vendors.models import VendorOrder

register = template.Library()


@register.simple_tag
def order_list_parts(orders):
    vendor_orders = (
        VendorOrder.objects.filter(order__in=[order.pk for order in orders])
        .select_related("vendor__partner", "reservation__slot__point")
        .order_by("order_id", "number")
    )
    parts = {}
    for vendor_order in vendor_orders:
        pickup = pickup_of(vendor_order)
        parts.setdefault(vendor_order.order_id, []).append(
            {
                "vendor_order": vendor_order,
                "vendor": vendor_order.vendor,
                "status_label": customer_part_status_label(vendor_order, pickup),
                "method_label": vendor_order.get_fulfilment_method_display(),
                "is_pickup": vendor_order.fulfilment_method in PICKUP_METHODS,
                "pickup": pickup,
            }
        )
    return parts


@register.filter
def parts_of(parts_by_order, order):
    return parts_by_order.get(order.pk, [])
