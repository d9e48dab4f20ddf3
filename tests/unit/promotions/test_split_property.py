"""The split's arithmetic over random baskets: several artisans, VAT rates,
fulfilment fees, surcharges, funded and artisan discounts, shipping discounts.

Pure functions, no database: many examples run in a second.
"""

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from vendors.actions.orders import commission_split
from vendors.promotions.split import SaleLine, split_money

CENT = D("0.01")
VAT_RATES = [D("0"), D("0.055"), D("0.10"), D("0.20")]
OFFERS = ["metropole", "chambre", "departement"]


def cents(n):
    return (D(n) * CENT).quantize(CENT)


@st.composite
def baskets(draw):
    artisans = draw(st.integers(min_value=1, max_value=4))
    rates = [draw(st.sampled_from(VAT_RATES)) for _ in range(artisans)]
    lines = []
    expected_sales = {a: D("0.00") for a in range(artisans)}
    funded_lines = {}
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        artisan = draw(st.integers(min_value=0, max_value=artisans - 1))
        price = cents(draw(st.integers(min_value=1, max_value=20000)))
        own = cents(draw(st.integers(min_value=0, max_value=int(price / CENT))))
        left = price - own
        funded = {}
        for offer in draw(st.lists(st.sampled_from(OFFERS), unique=True, max_size=2)):
            amount = cents(draw(st.integers(min_value=0, max_value=int(left / CENT))))
            left -= amount
            funded[offer] = amount
            funded_lines[offer] = funded_lines.get(offer, D("0.00")) + amount
        ratio = 1 / (1 + rates[artisan])
        lines.append(
            SaleLine(
                part=artisan,
                paid_incl=left,
                paid_excl=(left * ratio).quantize(CENT, rounding=ROUND_HALF_UP),
                tax_ratio=ratio,
                funded=funded,
            )
        )
        expected_sales[artisan] += price - own
    present = {line.part for line in lines}
    fees = {
        a: cents(draw(st.integers(min_value=0, max_value=1500)))
        for a in present
        if draw(st.booleans())
    }
    surcharge = cents(draw(st.integers(min_value=0, max_value=300)))
    shipping = {}
    all_fees = sum(fees.values(), D("0.00"))
    if all_fees and draw(st.booleans()):
        shipping["port-offert"] = cents(
            draw(st.integers(min_value=1, max_value=int(all_fees / CENT)))
        )
    paid = sum((line.paid_incl for line in lines), D("0.00"))
    order_total = paid + all_fees + surcharge - sum(shipping.values(), D("0.00"))
    rate = draw(st.sampled_from([D("0.08"), D("0.10"), D("0.125")]))
    return {
        "lines": lines,
        "fees": fees,
        "shipping": shipping,
        "order_total": order_total,
        "surcharge": surcharge,
        "expected_sales": expected_sales,
        "funded_lines": funded_lines,
        "rate": rate,
    }


@settings(max_examples=200, deadline=None)
@given(baskets())
def test_split_adds_up_to_the_cent_and_funders_pay_exactly_their_discounts(basket):
    parts = split_money(
        basket["lines"],
        basket["order_total"],
        assigned_costs=basket["fees"],
        shipping_discounts=basket["shipping"],
    )

    # the order total is what the customer pays for all the parts
    assert sum(p.customer_total for p in parts.values()) == basket["order_total"]
    # every fee and surcharge lands on exactly one part
    assert sum(p.fulfilment_cost for p in parts.values()) == (
        sum(basket["fees"].values(), D("0.00")) + basket["surcharge"]
    )
    funded_by_offer = {}
    for artisan, part in parts.items():
        # no amount carries more than cents
        for amount in (part.subtotal_incl, part.subtotal_excl, part.fulfilment_cost):
            assert amount == amount.quantize(CENT)
        # the sale is the lines after the artisan's own discounts only: a
        # funded discount does not lower it (nor the commission, nor the net)
        assert part.subtotal_incl == basket["expected_sales"][artisan]
        commission, net = commission_split(part.total_incl, basket["rate"])
        assert commission + net == part.total_incl
        assert part.funded_discount <= part.total_incl
        for (offer, _on_fees), amount in part.funded.items():
            assert amount > 0
            funded_by_offer[offer] = funded_by_offer.get(offer, D("0.00")) + amount
        fulfilment_funded = sum(
            (a for (_o, on_fees), a in part.funded.items() if on_fees), D("0.00")
        )
        assert fulfilment_funded <= part.fulfilment_cost
    # each funder pays exactly the discounts of its offers, line and shipping
    expected = {o: a for o, a in basket["funded_lines"].items() if a}
    for offer, amount in basket["shipping"].items():
        expected[offer] = expected.get(offer, D("0.00")) + amount
    assert funded_by_offer == expected


def test_a_funded_discount_is_added_back_to_the_sale():
    # given one line of 40 € with 15 € off paid by the metropolis
    line = SaleLine(
        part="savonnerie",
        paid_incl=D("25.00"),
        paid_excl=D("20.83"),
        tax_ratio=1 / D("1.2"),
        funded={"metropole": D("15.00")},
    )

    part = split_money([line], D("25.00"))["savonnerie"]

    # then the artisan's sale stays 40 € and the customer pays 25 €
    assert (part.subtotal_incl, part.subtotal_excl) == (D("40.00"), D("33.33"))
    assert part.funded == {("metropole", False): D("15.00")}
    assert part.customer_total == D("25.00")
