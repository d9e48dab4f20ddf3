"""The chamber's commission money, over random amounts: the invoice's HT and
VAT add up to the commission, and refunds give back, between the chamber and
the artisan, exactly what was refunded, never a cent more or less."""

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from shop.apps.partner.strategy import split_tax_inclusive
from shop.apps.payment.consts import from_cents
from vendors.actions.orders import commission_split
from vendors.models import VendorOrder
from vendors.settlements.building import commission_credit_cents

cents = st.integers(min_value=1, max_value=10_000_000)
rates = st.sampled_from([D("0.05"), D("0.08"), D("0.10"), D("0.125"), D("0.15")])


def part(total_cents, rate):
    total = from_cents(total_cents)
    commission, net = commission_split(total, rate)
    return VendorOrder(
        total_incl_tax=total,
        commission_rate=rate,
        commission_amount=commission,
        net_amount=net,
    )


@given(commission=cents)
def test_the_invoice_splits_the_commission_into_ht_and_vat_without_a_lost_cent(
    commission,
):
    incl_tax = from_cents(commission)

    excl_tax, vat = split_tax_inclusive(incl_tax, D("0.20"))

    assert excl_tax + vat == incl_tax
    # HT is TTC / 1.2 rounded half up to the cent; VAT is what remains.
    assert excl_tax == (incl_tax / D("1.2")).quantize(D("0.01"), ROUND_HALF_UP)
    assert abs(vat - excl_tax * D("0.20")) <= D("0.01")


@given(
    total=cents,
    rate=rates,
    cuts=st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=6),
)
def test_refunds_in_parts_give_back_the_whole_commission_and_net(total, rate, cuts):
    vendor_order = part(total, rate)
    # Refunds of random sizes that add up to the whole part.
    weights = sum(cuts)
    amounts = [total * cut // weights for cut in cuts]
    amounts[-1] += total - sum(amounts)

    refunded, commission_back, net_back = 0, 0, 0
    for amount in amounts:
        commission, net = commission_credit_cents(
            vendor_order, refunded, refunded + amount
        )
        assert commission + net == amount
        assert commission >= 0 and net >= 0
        refunded += amount
        commission_back += commission
        net_back += net

    assert from_cents(commission_back) == vendor_order.commission_amount
    assert from_cents(net_back) == vendor_order.net_amount
