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
from drf_spectacular.utils import extend_schema
from oscar.core.loading import get_class, get_model
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from delivery.checkout import artisan_parts, pickup_of
from delivery.models import PickupPointKind
from shop.apps.payment.fetch import amounts_to_collect
from vendors.fetch import customer_part_status_label
from vendors.models import order_status_label

from . import serializers_consumer as s
from .authentication import TokenAuthentication
from .models import Scope, TokenKind
from .permissions import scoped

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
AddToBasketForm = get_class("basket.forms", "AddToBasketForm")
BasketLineForm = get_class("basket.forms", "BasketLineForm")
BasketMiddleware = get_class("basket.middleware", "BasketMiddleware")
Selector = get_class("partner.strategy", "Selector")
basket_addition = get_class("basket.signals", "basket_addition")

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


# Basket
# ------


def customer_basket(request):
    """The account's open basket, loaded as the site's basket middleware does:
    the same basket the site shows, priced by the same strategy, the same
    offers applied. Set on the request, as Oscar's views expect it."""
    django_request = request._request
    django_request.user = request.user
    strategy = Selector().strategy(request=django_request, user=request.user)
    django_request.strategy = strategy
    django_request._basket_cache = None
    django_request.cookies_to_delete = []
    middleware = BasketMiddleware(lambda _request: None)
    basket = middleware.get_basket(django_request)
    basket.strategy = strategy
    middleware.apply_offers_to_basket(django_request, basket)
    django_request.basket = basket
    return basket


def reload_basket(request):
    """The basket again after a change, its offers applied afresh."""
    return customer_basket(request)


def basket_line_data(line):
    info = line.purchase_info
    return {
        "id": line.pk,
        "product": line.product_id,
        "title": line.product.get_title(),
        "quantity": line.quantity,
        "unit_price_incl_tax": line.unit_price_incl_tax,
        "line_price_incl_tax": line.line_price_incl_tax_incl_discounts,
        "available": info.availability.is_available_to_buy,
        "availability": str(info.availability.message),
    }


def basket_data(basket):
    """Lines grouped by artisan and totals TTC, as the basket page shows them."""
    parts = artisan_parts(basket, pays_online=False, with_slots=False)
    discounts = [
        {"name": discount["name"], "amount": discount["discount"]}
        for discount in [*basket.offer_discounts, *basket.voucher_discounts]
    ]
    return {
        "id": basket.pk,
        "currency": basket.currency,
        "num_items": basket.num_items,
        "total_incl_tax_excl_discounts": basket.total_incl_tax_excl_discounts,
        "discounts": discounts,
        "total_incl_tax": basket.total_incl_tax,
        "parts": [
            {
                "artisan": artisan_of(part.vendor),
                "subtotal_incl_tax": part.subtotal,
                "lines": [basket_line_data(line) for line in part.lines],
            }
            for part in parts
        ],
    }


def basket_answer(basket, status_code=200):
    return Response(s.BasketSerializer(basket_data(basket)).data, status=status_code)


def form_errors(form, field_names=None):
    """A Django form's errors as the API's ValidationError (field paths kept)."""
    errors = {}
    for name, messages in form.errors.items():
        key = (field_names or {}).get(name, name)
        if key == "__all__":
            key = "non_field_errors"
        errors[key] = [str(message) for message in messages]
    return exceptions.ValidationError(errors)


class BasketView(ConsumerView):
    """The customer's basket: lines by artisan, totals TTC with offers applied."""

    @extend_schema(responses=s.BasketSerializer)
    def get(self, request):
        return basket_answer(customer_basket(request))


class BasketLines(ConsumerView):
    """Add a product to the basket (availability and stock checked as on the
    product page; a product already there gets the quantity added)."""

    @extend_schema(request=s.AddLineSerializer, responses={201: s.BasketSerializer})
    def post(self, request):
        payload = s.AddLineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        product = Product._default_manager.filter(
            pk=payload.validated_data["product"], is_public=True
        ).first()
        if product is None or product.is_parent:
            raise exceptions.ValidationError(
                {"product": [_("There is no product to buy with this id.")]}
            )
        basket = customer_basket(request)
        form = AddToBasketForm(
            basket, product, data={"quantity": payload.validated_data["quantity"]}
        )
        if not form.is_valid():
            raise form_errors(form)
        basket.add_product(
            product, form.cleaned_data["quantity"], form.cleaned_options()
        )
        basket_addition.send(
            sender=self, product=product, user=request.user, request=request._request
        )
        return basket_answer(reload_basket(request), status.HTTP_201_CREATED)


class BasketLine(ConsumerView):
    """Change a line's quantity (0 removes it) or remove it; another basket's
    line: 404."""

    def get_line(self, basket, pk):
        return get_object_or_404(basket.all_lines(), pk=pk)

    @extend_schema(request=s.ChangeLineSerializer, responses=s.BasketSerializer)
    def patch(self, request, pk):
        payload = s.ChangeLineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        basket = customer_basket(request)
        line = self.get_line(basket, pk)
        form = BasketLineForm(
            basket.strategy,
            data={"quantity": payload.validated_data["quantity"]},
            instance=line,
        )
        if not form.is_valid():
            raise form_errors(form)
        if form.cleaned_data["quantity"] == 0:
            line.delete()
        else:
            form.save()
        return basket_answer(reload_basket(request))

    @extend_schema(responses=s.BasketSerializer)
    def delete(self, request, pk):
        basket = customer_basket(request)
        self.get_line(basket, pk).delete()
        return basket_answer(reload_basket(request))
