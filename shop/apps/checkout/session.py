"""Checkout conditions for a marketplace basket: one choice per artisan first,
an address only when something is delivered to the consumer's home."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import exceptions, session

from delivery.actions import release_reservation
from delivery.checkout import held_reservations


class CheckoutSessionMixin(session.CheckoutSessionMixin):
    # Pre-conditions
    # --------------

    def check_fulfilment_is_captured(self, request):
        """Every artisan's part has a choice, made for the basket as it is now.

        When the basket changed since, the holds taken for it are released
        and the consumer chooses again.
        """
        basket = request.basket
        if not self.checkout_session.has_fulfilment():
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:fulfilment"),
                message=_("Please choose delivery or pickup for each artisan."),
            )
        if self.checkout_session.get_fulfilment_for(basket) is None:
            self.release_fulfilment_holds(basket.id)
            self.checkout_session.unset_fulfilment()
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:fulfilment"),
                message=_(
                    "Your basket has changed: please choose delivery or pickup "
                    "for each artisan again."
                ),
            )

    def check_shipping_data_is_captured(self, request):
        self.check_fulfilment_is_captured(request)
        if self.checkout_session.is_delivery_required():
            self.check_a_valid_shipping_address_is_captured()
        self.check_a_valid_shipping_method_is_captured()

    # Skip conditions
    # ---------------

    def skip_unless_basket_requires_shipping(self, request):
        # The address is only asked when an artisan delivers to the home.
        super().skip_unless_basket_requires_shipping(request)
        if (
            self.checkout_session.has_fulfilment()
            and not self.checkout_session.is_delivery_required()
        ):
            raise exceptions.PassedSkipCondition(
                url=reverse("checkout:shipping-method")
            )

    # Helpers
    # -------

    def get_shipping_address(self, basket):
        # An address typed for an earlier delivery choice is not used when
        # every part is now collected.
        if not self.checkout_session.is_delivery_required():
            return None
        return super().get_shipping_address(basket)

    def release_fulfilment_holds(self, basket_id, keep_vendor_ids=()):
        """Give back the slot places held for this basket during checkout,
        except those of the artisans in ``keep_vendor_ids``."""
        holds = held_reservations(basket_id).exclude(vendor_id__in=keep_vendor_ids)
        for reservation in holds:
            release_reservation(reservation)
