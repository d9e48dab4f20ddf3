"""The checkout session, with each artisan's delivery or pickup choice.

Oscar loads ``CheckoutSessionData`` from ``checkout.utils``, so every checkout
view (and our shipping repository) gets this one.
"""

from decimal import Decimal as D

from oscar.apps.checkout import utils

from delivery.checkout import basket_fingerprint
from vendors.models import FulfilmentMethod


class CheckoutSessionData(utils.CheckoutSessionData):
    # Fulfilment choices
    # ==================
    # {vendor id: {"method", "point_id", "slot_id", "cost", "cost_excl_tax"}},
    # kept with the fingerprint of the basket they were made for.

    def set_fulfilment(self, choices, basket):
        self._flush_namespace("fulfilment")
        self._set(
            "fulfilment",
            "choices",
            {str(vendor_id): dict(choice) for vendor_id, choice in choices.items()},
        )
        self._set("fulfilment", "basket", basket_fingerprint(basket))

    def get_fulfilment(self):
        """The stored choices by vendor id (costs as ``Decimal``), maybe empty."""
        stored = self._get("fulfilment", "choices") or {}
        return {
            int(vendor_id): {
                **choice,
                "cost": D(choice["cost"]),
                "cost_excl_tax": D(choice["cost_excl_tax"]),
            }
            for vendor_id, choice in stored.items()
        }

    def get_fulfilment_for(self, basket):
        """The choices if they were made for ``basket`` as it is now, else None."""
        choices = self.get_fulfilment()
        if not choices or self._get("fulfilment", "basket") != basket_fingerprint(
            basket
        ):
            return None
        return choices

    def has_fulfilment(self):
        return bool(self._get("fulfilment", "choices"))

    def get_fulfilment_choice(self, vendor_id):
        return self.get_fulfilment().get(vendor_id)

    def unset_fulfilment(self, vendor_id=None):
        """Forget every choice, or the one for ``vendor_id``."""
        if vendor_id is None:
            self._flush_namespace("fulfilment")
            return
        choices = self._get("fulfilment", "choices") or {}
        choices.pop(str(vendor_id), None)
        self._set("fulfilment", "choices", choices)
        # Incomplete now: the later steps send the consumer back to choose.
        self._set("fulfilment", "basket", None)

    def is_delivery_required(self):
        """True when some artisan's part is delivered to the consumer's home."""
        return any(
            choice["method"] == FulfilmentMethod.DELIVERY
            for choice in self.get_fulfilment().values()
        )
