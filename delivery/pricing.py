"""What an artisan charges to deliver their part of a basket to the consumer's home.

A flat rate, plus a rate per kilogram when every weighed product says its
weight (a numeric ``weight`` product attribute, in kg; products without one
add nothing), and nothing at all from the artisan's free-delivery threshold.
"""

from decimal import ROUND_HALF_UP, InvalidOperation
from decimal import Decimal as D

CENTS = D("0.01")
WEIGHT_ATTRIBUTE = "weight"


def product_weight_kg(product):
    """The product's weight in kg from its ``weight`` attribute, or None.

    A variant without its own weight takes its parent's. Values that are not
    numbers (free text typed by an artisan) are ignored rather than guessed.
    """
    for candidate in (product, getattr(product, "parent", None)):
        if candidate is None:
            continue
        for value in candidate.attribute_values.all():
            if value.attribute.code != WEIGHT_ATTRIBUTE:
                continue
            raw = value.value
            if isinstance(raw, bool) or raw is None:
                return None
            try:
                weight = D(str(raw).replace(",", "."))
            except InvalidOperation:
                return None
            return weight if weight >= 0 else None
    return None


def delivery_cost(fulfilment, lines, subtotal_incl_tax):
    """The home delivery cost (incl. tax) of an artisan's ``lines``.

    ``fulfilment`` is the artisan's ``VendorFulfilment`` (an unsaved default
    one for an artisan who never set their options); ``subtotal_incl_tax`` is
    the artisan's part of the basket, compared with the free-delivery threshold.
    """
    threshold = fulfilment.free_delivery_above
    if threshold is not None and subtotal_incl_tax >= threshold:
        return D("0.00")
    cost = fulfilment.delivery_flat_rate
    if fulfilment.delivery_rate_per_kg:
        kilograms = D("0")
        for line in lines:
            weight = product_weight_kg(line.product)
            if weight is not None:
                kilograms += weight * line.quantity
        cost += fulfilment.delivery_rate_per_kg * kilograms
    return cost.quantize(CENTS, rounding=ROUND_HALF_UP)
