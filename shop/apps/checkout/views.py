"""Oscar's checkout with a "Delivery or pickup" step, one choice per artisan.

index -> fulfilment -> shipping address (only when something is delivered)
-> shipping method (a single one, skipped) -> payment -> preview -> thank you;
paid online: preview -> pay (Stripe's Payment Element) -> return -> thank you.
"""

import logging
from decimal import Decimal as D

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.checkout import exceptions, views
from oscar.core.loading import get_class, get_model

from delivery.actions import SlotUnavailable, hold_slot, hold_source
from delivery.checkout import (
    PICKUP_METHODS,
    artisan_parts,
    choice_summaries,
    order_fulfilment,
)
from delivery.models import Slot
from shop.apps.core.http import client_address
from shop.apps.payment import actions as payment_actions
from shop.apps.payment import pay_at_pickup, stripe_api
from shop.apps.payment.consts import INTENT_PROCESSING
from shop.apps.payment.pay_at_pickup import PAY_AT_PICKUP, PAY_ONLINE
from vendors.models import FulfilmentMethod

from .offers import pay_at_pickup_offered

FulfilmentForm = get_class("checkout.forms", "FulfilmentForm")
GatewayForm = get_class("checkout.forms", "GatewayForm")
PaymentMethodForm = get_class("checkout.forms", "PaymentMethodForm")
CheckoutSessionMixin = get_class("checkout.session", "CheckoutSessionMixin")
may_pay = get_class("checkout.mixins", "may_pay")
UnableToTakePayment = get_class("payment.exceptions", "UnableToTakePayment")
Order = get_model("order", "Order")

logger = logging.getLogger(__name__)

CHOSEN_FULFILMENT = "check_fulfilment_is_captured"
ONLINE_PAYMENT_UNAVAILABLE = _(
    "Online payment is not available at the moment: this order can only be "
    "placed with pickups paid at collection, from artisans who accept it."
)


class IndexView(views.IndexView):
    form_class = GatewayForm
    success_url = reverse_lazy("checkout:fulfilment")

    def get_form_kwargs(self):
        # The sign-in of a returning customer is counted and locked out like
        # the login page's (django-axes needs the request).
        return {**super().get_form_kwargs(), "request": self.request}


class FulfilmentView(CheckoutSessionMixin, generic.FormView):
    """Each artisan's part of the basket: delivered, or collected in a slot.

    Accepted choices are stored in the checkout session, and a place is held
    in each chosen slot for the time of the checkout.
    """

    template_name = "oscar/checkout/fulfilment.html"
    form_class = FulfilmentForm
    success_url = reverse_lazy("checkout:shipping-address")
    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
    ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["parts"] = artisan_parts(
            self.request.basket, pays_online=stripe_api.is_configured()
        )
        kwargs["stored"] = self.checkout_session.get_fulfilment()
        kwargs["basket_id"] = self.request.basket.id
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = ctx["form"].rows()
        ctx["rows"] = rows
        ctx["fulfilment_total"] = sum(
            (
                row["part"].delivery_cost
                for row in rows
                if row["selected"] == FulfilmentMethod.DELIVERY
                and row["part"].offers_delivery
            ),
            D("0.00"),
        )
        ctx["order_total_estimate"] = (
            self.request.basket.total_incl_tax + ctx["fulfilment_total"]
        )
        return ctx

    def form_valid(self, form):
        basket = self.request.basket
        choices = form.choices
        slots = Slot.objects.select_related("point").in_bulk(
            [c["slot_id"] for c in choices.values() if c["method"] in PICKUP_METHODS]
        )
        vendors = {part.vendor.pk: part.vendor for part in form.parts}
        held_from = hold_source(client_address(self.request))
        try:
            # All or nothing: a slot taken meanwhile rolls back the holds
            # (and the releases of earlier holds) of this submission.
            with transaction.atomic():
                for vendor_id, choice in choices.items():
                    if choice["method"] in PICKUP_METHODS:
                        hold_slot(
                            slots[choice["slot_id"]],
                            vendors[vendor_id],
                            basket_id=basket.id,
                            held_from=held_from,
                        )
                # Holds of artisans now delivered, or no longer in the basket.
                self.release_fulfilment_holds(
                    basket.id,
                    keep_vendor_ids=[
                        vendor_id
                        for vendor_id, choice in choices.items()
                        if choice["method"] in PICKUP_METHODS
                    ],
                )
        except SlotUnavailable as exc:
            messages.error(self.request, str(exc))
            return self.render_to_response(self.get_context_data(form=form))
        self.checkout_session.set_fulfilment(choices, basket)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        messages.error(
            self.request,
            _("Some of your choices cannot be accepted: please check them below."),
        )
        return super().form_invalid(form)


class ShippingAddressView(views.ShippingAddressView):
    pre_conditions = [*views.ShippingAddressView.pre_conditions, CHOSEN_FULFILMENT]


class ShippingMethodView(views.ShippingMethodView):
    """The single method of the artisans' choices, chosen without a page."""

    pre_conditions = [*views.ShippingMethodView.pre_conditions, CHOSEN_FULFILMENT]

    def get(self, request, *args, **kwargs):
        if self.checkout_session.is_delivery_required():
            return super().get(request, *args, **kwargs)
        # Every part is collected: no address, the one method applies.
        self._methods = self.get_available_shipping_methods()
        self.checkout_session.use_shipping_method(self._methods[0].code)
        return self.get_success_response()


class PaymentMethodView(views.PaymentMethodView):
    pass


class PaymentMethodRefused(Exception):
    """A payment method that this checkout does not offer (tampering, or stale)."""


class PaymentDetailsView(views.PaymentDetailsView):
    """Oscar's payment step, with "Pay at pickup" when every part is collected.

    Pay at pickup is offered when every artisan's part is a pickup and every
    artisan concerned accepts it; without Stripe keys it is then the only way
    to pay. Otherwise the consumer pays online when Stripe is configured:
    the order is placed "pending payment" and paid on the next page (see
    ``PaymentView``). Without Stripe keys an order that cannot be paid at
    pickup goes no further than the choice of delivery or pickup: no order is
    placed unpaid. The choice is kept in the checkout session and checked
    again when the order is placed.
    """

    pre_conditions = [
        *views.PaymentDetailsView.pre_conditions,
        "check_order_can_be_paid",
    ]

    # Pre-conditions
    # --------------

    def check_order_can_be_paid(self, request):
        """Some way to pay this order is offered: online, or at pickup."""
        if stripe_api.is_configured() or self.pay_at_pickup_offered():
            return
        raise exceptions.FailedPreCondition(
            url=reverse("checkout:fulfilment"),
            message=ONLINE_PAYMENT_UNAVAILABLE,
        )

    # Offers
    # ------

    def pay_at_pickup_offered(self):
        basket = self.request.basket
        return pay_at_pickup_offered(
            basket, self.checkout_session.get_fulfilment_for(basket)
        )

    def payment_methods(self):
        """The (code, label) choices of the payment form; empty: standard step."""
        if not self.pay_at_pickup_offered():
            return []
        methods = [(PAY_AT_PICKUP, pay_at_pickup.METHOD_LABELS[PAY_AT_PICKUP])]
        if stripe_api.is_configured():
            methods.append((PAY_ONLINE, pay_at_pickup.METHOD_LABELS[PAY_ONLINE]))
        return methods

    def chosen_payment_method(self, requested=None):
        """The method the order is placed with: ``PAY_AT_PICKUP``, or None
        (the standard payment), or ``PAY_ONLINE`` when so chosen.

        Raises ``PaymentMethodRefused`` when pay at pickup is asked for (now,
        or earlier in the session) and not offered for this checkout.
        """
        requested = requested or self.checkout_session.payment_method()
        offered = self.pay_at_pickup_offered()
        if requested == PAY_AT_PICKUP and not offered:
            raise PaymentMethodRefused
        if offered and (requested == PAY_AT_PICKUP or not stripe_api.is_configured()):
            # Without Stripe keys, pay at pickup is the only way when offered.
            return PAY_AT_PICKUP
        if requested == PAY_ONLINE and stripe_api.is_configured():
            return PAY_ONLINE
        return None

    def refuse_payment_method(self):
        self.checkout_session.pay_by(None)
        messages.error(
            self.request,
            _(
                "Pay at pickup is not available for this order: it is offered "
                "only when every part is collected, from artisans who accept it."
            ),
        )
        return redirect(reverse("checkout:payment-details"))

    # Pages
    # -----

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        basket = self.request.basket
        ctx["fulfilment_summaries"] = choice_summaries(
            artisan_parts(
                basket, pays_online=stripe_api.is_configured(), with_slots=False
            ),
            self.checkout_session.get_fulfilment(),
        )
        methods = self.payment_methods()
        if methods and "payment_form" not in ctx:
            stored = self.checkout_session.payment_method()
            initial = stored if stored in dict(methods) else methods[-1][0]
            ctx["payment_form"] = PaymentMethodForm(
                methods, initial={"payment_method": initial}
            )
        try:
            method = self.chosen_payment_method()
        except PaymentMethodRefused:
            method = None
        ctx["payment_method"] = method
        ctx["payment_method_label"] = pay_at_pickup.METHOD_LABELS.get(method)
        ctx["pays_online"] = method != PAY_AT_PICKUP and stripe_api.is_configured()
        return ctx

    def handle_payment_details_submission(self, request):
        """The payment form, posted to the preview: check the choice, keep it."""
        methods = self.payment_methods()
        posted = request.POST.get("payment_method")
        if not methods:
            if posted == PAY_AT_PICKUP:
                return self.refuse_payment_method()
            return super().handle_payment_details_submission(request)
        form = PaymentMethodForm(methods, data=request.POST)
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        self.checkout_session.pay_by(form.cleaned_data["payment_method"])
        return self.render_preview(request)

    def handle_place_order_submission(self, request):
        try:
            method = self.chosen_payment_method(request.POST.get("payment_method"))
        except PaymentMethodRefused:
            return self.refuse_payment_method()
        submission = self.build_submission()
        submission["payment_kwargs"]["payment_method"] = method
        return self.submit(**submission)

    # Payment
    # -------

    def handle_payment(self, order_number, total, **kwargs):
        if kwargs.get("payment_method") == PAY_AT_PICKUP:
            # Nothing taken now: the order total is due, debited per artisan
            # at each hand-over.
            self.add_payment_source(pay_at_pickup.new_source(total))
            self.paid_at_pickup = True
            return
        if stripe_api.is_configured():
            # Nothing taken yet: the order is placed "pending payment" and
            # the consumer pays it next, with Stripe's Payment Element.
            self.pays_online = True
            return
        # Oscar's own step takes no payment: the order would be placed unpaid.
        raise UnableToTakePayment(ONLINE_PAYMENT_UNAVAILABLE)

    def save_payment_details(self, order):
        super().save_payment_details(order)
        if getattr(self, "paid_at_pickup", False):
            pay_at_pickup.note_order_placed(order)


class OrderToPayMixin:
    """The order of the URL, for its owner or the guest session that placed it.

    Anyone else gets a 404, as for an order that does not exist.
    """

    def get_order(self):
        order = get_object_or_404(Order._default_manager, number=self.kwargs["number"])
        if not may_pay(self.request, order):
            raise Http404
        return order

    def thank_you(self, order):
        # Oscar's thank-you page shows the order kept in the session.
        self.request.session["checkout_order_id"] = order.pk
        return redirect(reverse("checkout:thank-you"))


class PaymentView(OrderToPayMixin, generic.TemplateView):
    """Pay an order placed online: Stripe's Payment Element, card data at Stripe.

    One PaymentIntent per order (``start_payment`` reuses the live one when
    the consumer comes back to retry). Stripe.js confirms the payment in the
    browser and sends the consumer to ``PaymentReturnView``.
    """

    template_name = "oscar/checkout/pay.html"

    def get(self, request, *args, **kwargs):
        order = self.get_order()
        if payment_actions.paid_intent_for(order) is not None:
            return self.thank_you(order)
        ctx = {
            "order": order,
            "pending_minutes": settings.PAYMENT_PENDING_MINUTES,
        }
        if not payment_actions.is_pending_payment(order):
            if not payment_actions.was_abandoned(order):
                # Paid at pickup, or never to be paid here.
                raise Http404
            ctx["payment_closed"] = True
            return self.render_to_response(self.get_context_data(**ctx))
        try:
            started = payment_actions.start_order_payment(order)
        except payment_actions.PaymentClosed:
            ctx["payment_closed"] = True
            return self.render_to_response(self.get_context_data(**ctx))
        except (stripe_api.StripeError, stripe_api.StripeNotConfigured):
            logger.exception("Order #%s: payment could not start", order.number)
            ctx["stripe_unavailable"] = True
            return self.render_to_response(self.get_context_data(**ctx))
        if started is None:
            # Paid meanwhile (Stripe's webhook not there yet).
            return self.thank_you(order)
        ctx.update(
            client_secret=started.client_secret,
            publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
            return_url=request.build_absolute_uri(
                reverse("checkout:payment-return", kwargs={"number": order.number})
            ),
        )
        return self.render_to_response(self.get_context_data(**ctx))


class PaymentReturnView(OrderToPayMixin, generic.TemplateView):
    """Back from Stripe: the order's own PaymentIntent is checked with Stripe.

    The query (``payment_intent``, ``redirect_status``) proves nothing and is
    not used: whatever it says, the intent asked about is the order's own.
    """

    template_name = "oscar/checkout/payment_processing.html"
    # Seconds before the "being confirmed" page asks again.
    refresh_seconds = 5

    def get(self, request, *args, **kwargs):
        order = self.get_order()
        pay_url = reverse("checkout:pay", kwargs={"number": order.number})
        record = order.payment_intents.order_by("-created_at", "-pk").first()
        if record is None:
            return redirect(pay_url)
        claimed = request.GET.get("payment_intent")
        if claimed and claimed != record.intent_id:
            logger.warning(
                "Order #%s: return from Stripe names another PaymentIntent, ignored",
                order.number,
            )
        try:
            record = payment_actions.sync_payment_intent(record)
        except stripe_api.StripeError:
            logger.exception("Order #%s: payment could not be checked", order.number)
            return self.being_confirmed(order)
        if record.is_paid:
            return self.thank_you(order)
        if record.status == INTENT_PROCESSING:
            return self.being_confirmed(order)
        messages.error(
            request,
            _(
                "Your payment did not go through and nothing was charged. "
                "Please try again, with the same or another means of payment."
            ),
        )
        return redirect(pay_url)

    def being_confirmed(self, order):
        return self.render_to_response(
            self.get_context_data(order=order, refresh_seconds=self.refresh_seconds)
        )


class ThankYouView(views.ThankYouView):
    def get_context_data(self, *args, **kwargs):
        ctx = super().get_context_data(*args, **kwargs)
        order = ctx["order"]
        parts = order_fulfilment(order)
        # Each artisan's lines, for the page's summary artisan by artisan.
        lines = {}
        for line in order.lines.select_related("product"):
            lines.setdefault(line.partner_id, []).append(line)
        for part in parts:
            part["lines"] = lines.get(part["vendor"].partner_id, [])
        ctx["fulfilment_parts"] = parts
        ctx["pay_at_pickup_source"] = pay_at_pickup.source_of(order)
        return ctx


__all__ = [
    "IndexView",
    "FulfilmentView",
    "ShippingAddressView",
    "ShippingMethodView",
    "PaymentMethodView",
    "PaymentDetailsView",
    "PaymentView",
    "PaymentReturnView",
    "ThankYouView",
    "UserAddressUpdateView",
    "UserAddressDeleteView",
]
UserAddressUpdateView = views.UserAddressUpdateView
UserAddressDeleteView = views.UserAddressDeleteView
