"""Which ways to pay a basket's checkout offers, from its fulfilment choices."""

from delivery.checkout import PICKUP_METHODS, artisan_parts
from shop.apps.payment import stripe_api


def pay_at_pickup_offered(basket, choices):
    """True when ``basket`` may be paid at pickup with these fulfilment choices.

    ``choices`` are the checkout session's ({vendor id: choice}, or None when
    not made for the basket as it is). Every line must belong to an artisan
    whose part is collected (workshop or point), and every such artisan must
    accept payment at pickup (an artisan without options accepts it).
    """
    if not choices:
        return False
    parts = artisan_parts(
        basket, pays_online=stripe_api.is_configured(), with_slots=False
    )
    if not parts:
        return False
    if sum(len(part.lines) for part in parts) != len(basket.all_lines()):
        # Some line is sold by a partner that is no artisan: no pickup for it.
        return False
    for part in parts:
        choice = choices.get(part.vendor.pk)
        if choice is None or choice.get("method") not in PICKUP_METHODS:
            return False
        if not part.fulfilment.accepts_pay_at_pickup:
            return False
    return True
