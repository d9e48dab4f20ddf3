"""The customer's API (``/api/v1/me/``): orders, basket, checkout paying at pickup.

A customer's token (kind ``consumer``, scope ``consumer``) acts for its
account only: another customer's order number answers 404, as one that does
not exist. The basket is the account's open basket, the same the site shows,
priced by the same strategy with the same offers applied; adding and changing
lines go through Oscar's own basket forms (availability and stock checked as
on the product and basket pages). The checkout places the order through the
web checkout's own placement (``ApiPlacement``).
"""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from oscar.apps.checkout.exceptions import FailedPreCondition
from oscar.core.loading import get_class, get_model
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from delivery.checkout import ChoiceRefused, artisan_parts, pickup_of, resolve_choice
from delivery.models import PickupPointKind
from shop.apps.payment.fetch import amounts_to_collect
from shop.apps.payment.pay_at_pickup import PAY_AT_PICKUP
from vendors.fetch import customer_part_status_label
from vendors.models import order_status_label

from . import serializers_consumer as s
from .authentication import TokenAuthentication
from .errors import PROBLEM_CONTENT_TYPE, problem
from .models import Scope, TokenKind
from .permissions import scoped

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
AddToBasketForm = get_class("basket.forms", "AddToBasketForm")
BasketLineForm = get_class("basket.forms", "BasketLineForm")
BasketMiddleware = get_class("basket.middleware", "BasketMiddleware")
Selector = get_class("partner.strategy", "Selector")
basket_addition = get_class("basket.signals", "basket_addition")
CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")
PaymentDetailsView = get_class("checkout.views", "PaymentDetailsView")
PaymentMethodRefused = get_class("checkout.views", "PaymentMethodRefused")
ShippingRepository = get_class("shipping.repository", "Repository")

PAY_AT_PICKUP_REFUSED = _(
    "Pay at pickup is not available for this order: it is offered only when "
    "every part is collected, from artisans who accept it."
)

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


class OrderList(ConsumerView, generics.ListAPIView):
    """The customer's orders, newest first, each with its artisans' parts."""

    serializer_class = s.MeOrderSerializer
    cursor_ordering = ("-date_placed", "-id")

    def get_queryset(self):
        return customer_orders(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        to_collect = amounts_to_collect_of(page)
        data = [order_data(order, to_collect) for order in page]
        return self.get_paginated_response(s.MeOrderSerializer(data, many=True).data)


class OrderDetail(ConsumerView, generics.GenericAPIView):
    """One of the customer's orders, with its lines per part (another's: 404)."""

    serializer_class = s.MeOrderDetailSerializer

    @extend_schema(responses=s.MeOrderDetailSerializer)
    def get(self, request, number):
        order = get_object_or_404(customer_orders(request.user), number=number)
        lines = {}
        for line in order.lines.order_by("pk"):
            lines.setdefault(line.partner_id, []).append(line)
        data = order_data(order, amounts_to_collect_of([order]), lines)
        return Response(s.MeOrderDetailSerializer(data).data)


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
        "currency": basket.currency or settings.OSCAR_DEFAULT_CURRENCY,
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
    return Response(s.MeBasketSerializer(basket_data(basket)).data, status=status_code)


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

    @extend_schema(responses=s.MeBasketSerializer)
    def get(self, request):
        return basket_answer(customer_basket(request))


class BasketLines(ConsumerView):
    """Add a product to the basket (availability and stock checked as on the
    product page; a product already there gets the quantity added)."""

    @extend_schema(request=s.MeAddLineSerializer, responses={201: s.MeBasketSerializer})
    def post(self, request):
        payload = s.MeAddLineSerializer(data=request.data)
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

    def get_line(self, basket, line_id):
        return get_object_or_404(basket.all_lines(), pk=line_id)

    @extend_schema(request=s.MeChangeLineSerializer, responses=s.MeBasketSerializer)
    def patch(self, request, line_id):
        payload = s.MeChangeLineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        basket = customer_basket(request)
        line = self.get_line(basket, line_id)
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

    @extend_schema(responses={200: s.MeBasketSerializer})
    def delete(self, request, line_id):
        basket = customer_basket(request)
        self.get_line(basket, line_id).delete()
        return basket_answer(reload_basket(request))


# Checkout
# --------


class MemorySession(dict):
    """A request's session for the API's checkout: held in memory for this
    request only (a token's client keeps no session cookie)."""

    accessed = False
    modified = False

    def is_empty(self):
        return True


class ApiPlacement(PaymentDetailsView):
    """The web checkout's own placement, driven by an API request.

    The web checkout's pre-conditions, payment (pay at pickup: a source for
    the total, debited at each hand-over) and placement
    (``checkout.mixins.OrderPlacementMixin``: stock allocated under locks,
    promotions' budgets claimed, slots booked with their codes, all or
    nothing) run unchanged; only the answers differ: a refusal is kept in
    ``refusal`` instead of a message and a redirect.
    """

    preview = True

    def __init__(self, request, basket):
        super().__init__()
        self.setup(request)
        self.basket = basket
        self.refusal = None
        self.order = None

    def place(self, choices):
        """Place the basket with ``choices`` paid at pickup; the order, or
        None with ``refusal`` saying why nothing was placed."""
        request = self.request
        saved_session = request.session
        request.session = MemorySession()
        try:
            self.checkout_session = CheckoutSessionData(request)
            self.checkout_session.set_fulfilment(choices, self.basket)
            self.checkout_session.use_shipping_method(
                ShippingRepository()
                .get_shipping_methods(basket=self.basket, request=request)[0]
                .code
            )
            try:
                self.check_pre_conditions(request)
                method = self.chosen_payment_method(PAY_AT_PICKUP)
            except FailedPreCondition as exc:
                self.refusal = " ".join(str(message) for message in exc.messages)
                return None
            except PaymentMethodRefused:
                self.refusal = PAY_AT_PICKUP_REFUSED
                return None
            submission = self.build_submission()
            submission["payment_kwargs"]["payment_method"] = method
            self.submit(**submission)
        finally:
            request.session = saved_session
        if self.order is None and self.refusal is None:
            self.refusal = _("The order could not be placed.")
        return self.order

    # The web checkout's answers, as facts
    # ------------------------------------

    def handle_successful_order(self, order):
        self.order = order
        return super().handle_successful_order(order)

    def placement_refused(self, message, url):
        self.refusal = str(message)

    def render_preview(self, request, **kwargs):
        self.refusal = str(kwargs.get("error") or _("The order could not be placed."))

    def render_payment_details(self, request, **kwargs):
        self.render_preview(request, **kwargs)


def conflict(detail, **extra):
    """A 409 problem answered as is: what the placement wrote (an offer
    stopped for its spent budget) stays written."""
    return Response(
        problem(409, "checkout-refused", detail, **extra),
        status=409,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def option_data(part):
    return {
        "artisan": artisan_of(part.vendor),
        "subtotal_incl_tax": part.subtotal,
        "accepts_pay_at_pickup": part.fulfilment.accepts_pay_at_pickup,
        "delivery_cost": part.delivery_cost,
        "pickups": [
            {
                "method": option.method,
                "label": str(option.method_label),
                "point": point_of(option.point),
                "slots": [
                    {**slot_of(slot), "remaining": slot.remaining}
                    for slot in option.slots
                ],
            }
            for option in part.pickups
        ],
    }


class CheckoutView(ConsumerView):
    """Checkout paying at pickup, one pickup choice per artisan.

    ``GET``: each artisan's part of the basket with its pickups (the
    workshop, drives and relays) and their next free slots. ``POST``: place
    the order (201, the order as ``/me/orders/<number>/`` shows it); a product
    sold out, a slot full or an offer's budget spent meanwhile answers 409
    with the reason, and nothing is placed: the basket stays as it was.
    """

    @extend_schema(responses=s.MeCheckoutOptionsSerializer)
    def get(self, request):
        basket = customer_basket(request)
        parts = artisan_parts(basket, pays_online=False)
        data = {
            "payments": [PAY_AT_PICKUP],
            "parts": [option_data(part) for part in parts],
        }
        return Response(s.MeCheckoutOptionsSerializer(data).data)

    @extend_schema(
        request=s.MeCheckoutSerializer,
        responses={201: s.MeOrderDetailSerializer},
    )
    def post(self, request):
        payload = s.MeCheckoutSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        basket = customer_basket(request)
        if basket.is_empty:
            return conflict(_("Your basket is empty."))
        parts = artisan_parts(basket, pays_online=False)
        chosen = payload.validated_data["fulfilment"]
        slugs = {part.vendor.slug for part in parts}
        errors = {
            slug: [_("This artisan has nothing in your basket.")]
            for slug in chosen
            if slug not in slugs
        }
        choices = {}
        refusals = []
        for part in parts:
            choice = chosen.get(part.vendor.slug)
            if choice is None:
                errors[part.vendor.slug] = [
                    _("Please choose a pickup for %(vendor)s.")
                    % {"vendor": part.vendor.name}
                ]
                continue
            try:
                choices[part.vendor.pk] = resolve_choice(
                    part,
                    f"{choice['method']}:{choice['point']}",
                    str(choice["slot"]),
                    basket_id=basket.id,
                )
            except ChoiceRefused as exc:
                refusals.append(
                    {
                        "field": f"fulfilment.{part.vendor.slug}",
                        "detail": str(exc),
                        "code": "choice-refused",
                    }
                )
        if errors:
            raise exceptions.ValidationError({"fulfilment": errors})
        if refusals:
            return conflict(refusals[0]["detail"], errors=refusals)
        placement = ApiPlacement(request._request, basket)
        order = placement.place(choices)
        if order is None:
            return conflict(placement.refusal)
        order = customer_orders(request.user).get(pk=order.pk)
        lines = {}
        for line in order.lines.order_by("pk"):
            lines.setdefault(line.partner_id, []).append(line)
        data = order_data(order, amounts_to_collect_of([order]), lines)
        return Response(
            s.MeOrderDetailSerializer(data).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api-me:order", args=[order.number])},
        )
