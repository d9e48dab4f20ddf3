"""Oscar's checkout with a "Delivery or pickup" step, one choice per artisan.

index -> fulfilment -> shipping address (only when something is delivered)
-> shipping method (a single one, skipped) -> payment -> preview -> thank you.
"""

from decimal import Decimal as D

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.checkout import views
from oscar.core.loading import get_class

from delivery.actions import SlotUnavailable, hold_slot
from delivery.checkout import (
    PICKUP_METHODS,
    artisan_parts,
    choice_summaries,
    order_fulfilment,
)
from delivery.models import Slot
from vendors.models import FulfilmentMethod

FulfilmentForm = get_class("checkout.forms", "FulfilmentForm")
CheckoutSessionMixin = get_class("checkout.session", "CheckoutSessionMixin")

CHOSEN_FULFILMENT = "check_fulfilment_is_captured"


class IndexView(views.IndexView):
    success_url = reverse_lazy("checkout:fulfilment")


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
        kwargs["parts"] = artisan_parts(self.request.basket)
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


class PaymentDetailsView(views.PaymentDetailsView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        basket = self.request.basket
        ctx["fulfilment_summaries"] = choice_summaries(
            artisan_parts(basket, with_slots=False),
            self.checkout_session.get_fulfilment(),
        )
        return ctx


class ThankYouView(views.ThankYouView):
    def get_context_data(self, *args, **kwargs):
        ctx = super().get_context_data(*args, **kwargs)
        ctx["fulfilment_parts"] = order_fulfilment(ctx["order"])
        return ctx


__all__ = [
    "IndexView",
    "FulfilmentView",
    "ShippingAddressView",
    "ShippingMethodView",
    "PaymentMethodView",
    "PaymentDetailsView",
    "ThankYouView",
    "UserAddressUpdateView",
    "UserAddressDeleteView",
]
UserAddressUpdateView = views.UserAddressUpdateView
UserAddressDeleteView = views.UserAddressDeleteView
