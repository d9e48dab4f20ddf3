"""Oscar's shipping repository, answering with the consumer's per-artisan choices.

Oscar's checkout and basket pass the request to ``get_shipping_methods``; the
choices made at the "Delivery or pickup" step are read from the checkout
session. Without them (the basket page, a stale choice) the charge is an
estimate with home delivery wherever it is offered.
"""

from oscar.apps.shipping import repository
from oscar.core.loading import get_class

from delivery.checkout import artisan_parts, estimated_costs
from shop.apps.payment import stripe_api

ArtisanFulfilment = get_class("shipping.methods", "ArtisanFulfilment")
CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")


class Repository(repository.Repository):
    def get_available_shipping_methods(
        self, basket, shipping_addr=None, request=None, **kwargs
    ):
        choices = None
        if request is not None and hasattr(request, "session"):
            choices = CheckoutSessionData(request).get_fulfilment_for(basket)
        if choices is not None:
            costs = [
                (choice["cost"], choice["cost_excl_tax"]) for choice in choices.values()
            ]
            return [ArtisanFulfilment(costs)]
        return [
            ArtisanFulfilment(
                estimated_costs(
                    artisan_parts(
                        basket, pays_online=stripe_api.is_configured(), with_slots=False
                    )
                ),
                is_estimate=True,
            )
        ]
