"""The customer's API (``/api/v1/me/``): orders, basket, checkout paying at pickup.

A customer's token (kind ``consumer``, scope ``consumer``) acts for its
account only: another customer's order number answers 404, as one that does
not exist. The basket is the account's open basket, the same the site shows,
priced by the same strategy with the same offers applied; adding and changing
lines go through Oscar's own basket forms (availability and stock checked as
on the product and basket pages). The checkout places the order through the
web checkout's own placement (``ApiPlacement``).
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from delivery.checkout import pickup_of
from delivery.models import PickupPointKind
from shop.apps.payment.fetch import amounts_to_collect
from vendors.fetch import customer_part_status_label
from vendors.models import order_status_label

from . import serializers_consumer as s
from .authentication import TokenAuthentication
from .models import Scope, TokenKind
from .permissions import scoped

Order = get_model("order", "Order")
Line = get_model("order", "Line")

ConsumerScope = scoped(TokenKind.CONSUMER, Scope.CONSUMER)


class Conflict(exceptions.APIException):
    """Refused by the state of things (stock, slot, offer): nothing changed."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This conflicts with the current state.")
    default_code = "conflict"


class ConsumerView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [ConsumerScope]


# Orders
# ------


def artisan_of(vendor):
    return {"slug": vendor.slug, "name": vendor.name}


def point_of(point):
    return {
        "id": point.pk,
        "name": point.name,
        "address": point.address,
        "postcode": point.postcode,
        "commune": point.commune,
        "is_workshop": point.kind == PickupPointKind.WORKSHOP,
    }


def slot_of(slot):
    return {"id": slot.pk, "starts_at": slot.starts_at, "ends_at": slot.ends_at}


def part_of(vendor_order, to_collect, lines=None):
    """One artisan's part as the order page shows it (status in its words,
    fulfilment, the pickup's place, slot and code while collectable)."""
    pickup = pickup_of(vendor_order, qr="svg")
    part = {
        "number": vendor_order.number,
        "artisan": artisan_of(vendor_order.vendor),
        "status": vendor_order.status,
        "status_label": str(customer_part_status_label(vendor_order, pickup)),
        "fulfilment": {
            "method": vendor_order.fulfilment_method,
            "label": str(vendor_order.get_fulfilment_method_display()),
            "cost": vendor_order.fulfilment_cost,
        },
        "subtotal_incl_tax": vendor_order.subtotal_incl_tax,
        "total_incl_tax": vendor_order.total_incl_tax,
        "amount_to_collect": to_collect.get(vendor_order.pk),
        "pickup": (
            {
                "point": point_of(pickup["point"]),
                "slot": slot_of(pickup["slot"]),
                "code": pickup["pickup_code"],
            }
            if pickup
            else None
        ),
        "carrier": vendor_order.carrier,
        "tracking_number": vendor_order.tracking_number,
    }
    if lines is not None:
        part["lines"] = [
            {
                "product": line.product_id,
                "title": line.title,
                "quantity": line.quantity,
                "unit_price_incl_tax": line.unit_price_incl_tax,
                "line_price_incl_tax": line.line_price_incl_tax,
            }
            for line in lines.get(vendor_order.vendor.partner_id, [])
        ]
    return part


def order_data(order, to_collect, lines=None):
    data = {
        "number": order.number,
        "status": order.status,
        "status_label": str(order_status_label(order.status)),
        "placed_at": order.date_placed,
        "currency": order.currency,
        "total_incl_tax": order.total_incl_tax,
        "parts": [
            part_of(vendor_order, to_collect, lines)
            for vendor_order in order.vendor_orders.all()
        ],
    }
    if lines is not None:
        data["basket_total_incl_tax"] = order.basket_total_incl_tax
        data["shipping_incl_tax"] = order.shipping_incl_tax
    return data


def customer_orders(user):
    """The account's orders with their parts, in a fixed number of queries."""
    from vendors.models import VendorOrder

    return Order._default_manager.filter(user=user).prefetch_related(
        Prefetch(
            "vendor_orders",
            queryset=VendorOrder.objects.select_related(
                "vendor__partner", "reservation__slot__point"
            ).order_by("number"),
        )
    )


def amounts_to_collect_of(orders):
    return amounts_to_collect(
        [vendor_order for order in orders for vendor_order in order.vendor_orders.all()]
    )


class OrderList(ConsumerView, generics.GenericAPIView):
    """The customer's orders, newest first, each with its artisans' parts."""

    serializer_class = s.OrderSerializer
    cursor_ordering = ("-date_placed", "-id")

    def get_queryset(self):
        return customer_orders(self.request.user)

    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        to_collect = amounts_to_collect_of(page)
        data = [order_data(order, to_collect) for order in page]
        return self.get_paginated_response(s.OrderSerializer(data, many=True).data)


class OrderDetail(ConsumerView, generics.GenericAPIView):
    """One of the customer's orders, with its lines per part (another's: 404)."""

    serializer_class = s.OrderDetailSerializer

    def get(self, request, number):
        order = get_object_or_404(customer_orders(request.user), number=number)
        lines = {}
        for line in order.lines.order_by("pk"):
            lines.setdefault(line.partner_id, []).append(line)
        data = order_data(order, amounts_to_collect_of([order]), lines)
        return Response(s.OrderDetailSerializer(data).data)
