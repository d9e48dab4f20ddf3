"""The arithmetic of an order's split into artisans' parts, with who pays
each discount: pure functions on Decimals, no database.

A line's price after every discount is what the customer pays for it. The
discounts an artisan funds on their own lines lower their sale; those the
chamber or a partner territory funds are added back to the sale and recorded
as funded: the funder pays them, so the commission and the artisan's net are
on the sale as if the customer had paid it all.

Shipping discounts (Oscar's shipping benefits) are always funded by the
chamber or a territory: they are shared over the parts in proportion to
their fulfilment fees, and never lower an artisan's sale.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP
from decimal import Decimal as D

CENTS = D("0.01")
ZERO = D("0.00")


def allocate_proportionally(amount, weights):
    """Split ``amount`` (2 decimals) across ``weights`` so the parts add up exactly.

    Each part is rounded down to the cent and the remaining cents go to the
    largest remainders, so no cent is created or lost.
    """
    total_weight = sum(weights)
    if not weights:
        return []
    if total_weight == 0:
        weights = [D(1)] * len(weights)
        total_weight = D(len(weights))
    exact = [amount * w / total_weight for w in weights]
    parts = [e.quantize(CENTS, rounding=ROUND_DOWN) for e in exact]
    leftover = int(((amount - sum(parts)) / CENTS).to_integral_value())
    by_remainder = sorted(
        range(len(parts)), key=lambda i: (exact[i] - parts[i], -i), reverse=True
    )
    for i in by_remainder[:leftover]:
        parts[i] += CENTS
    return parts


@dataclass(frozen=True)
class SaleLine:
    """One order line as the split sees it.

    ``paid_incl``/``paid_excl``: its price after every discount;
    ``tax_ratio``: its price excl. tax over incl. tax before discounts;
    ``funded``: {offer key: discount incl. tax} of the chamber's and
    territories' offers on it.
    """

    part: object
    paid_incl: D
    paid_excl: D
    tax_ratio: D = D(1)
    funded: dict = field(default_factory=dict)


@dataclass
class PartMoney:
    """One artisan's part: its sale and what funders pay of it."""

    subtotal_incl: D = ZERO
    subtotal_excl: D = ZERO
    fulfilment_cost: D = ZERO
    # {(offer key, on fulfilment): amount}
    funded: dict = field(default_factory=dict)

    @property
    def total_incl(self):
        """The sale: what the artisan invoices, the commission base."""
        return self.subtotal_incl + self.fulfilment_cost

    @property
    def funded_discount(self):
        return sum(self.funded.values(), ZERO)

    @property
    def customer_total(self):
        return self.total_incl - self.funded_discount


def split_money(lines, order_total, assigned_costs=None, shipping_discounts=None):
    """The parts' money for an order, as {part: PartMoney} in first-line order.

    ``order_total``: what the customer pays for the whole order;
    ``assigned_costs``: {part: fulfilment fee incl. tax, before any shipping
    discount}; ``shipping_discounts``: {offer key: amount} of the funded
    shipping discounts. The order's other costs (fees nobody chose,
    surcharges) are shared in proportion to the parts' sales. The parts'
    customer totals add up to ``order_total``, to the cent.
    """
    assigned_costs = assigned_costs or {}
    shipping_discounts = shipping_discounts or {}
    parts = OrderedDict()
    paid_lines = ZERO
    for line in lines:
        money = parts.setdefault(line.part, PartMoney())
        funded = sum(line.funded.values(), ZERO)
        money.subtotal_incl += line.paid_incl + funded
        money.subtotal_excl += (line.paid_excl + funded * line.tax_ratio).quantize(
            CENTS, rounding=ROUND_HALF_UP
        )
        for offer, amount in line.funded.items():
            if amount:
                key = (offer, False)
                money.funded[key] = money.funded.get(key, ZERO) + amount
        paid_lines += line.paid_incl
    if not parts:
        return parts
    keys = list(parts)
    # Fees before shipping discounts, and surcharges.
    gross_costs = order_total - paid_lines + sum(shipping_discounts.values(), ZERO)
    assigned = [assigned_costs.get(key, ZERO) for key in keys]
    shared = allocate_proportionally(
        gross_costs - sum(assigned, ZERO), [parts[key].subtotal_incl for key in keys]
    )
    for key, cost, share in zip(keys, assigned, shared, strict=True):
        parts[key].fulfilment_cost = cost + share
    fees = [parts[key].fulfilment_cost for key in keys]
    for offer, amount in shipping_discounts.items():
        if not amount:
            continue
        for key, share in zip(keys, allocate_proportionally(amount, fees), strict=True):
            if share:
                parts[key].funded[(offer, True)] = share
    return parts
