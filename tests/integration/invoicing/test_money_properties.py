"""Properties of the documents' money, over random baskets (Hypothesis):
artisans of every VAT regime in one order, several lines, shared delivery
fees, discounts funded by the chamber, partial refunds through Stripe (mock)
and refusals after payment.

For every part, whatever happened:
- its invoice less its credit notes is what was paid for it (by the customer
  and by the funders) less what was refunded, to the cent;
- at each VAT rate, HT + VAT = TTC on every document, the lines add up to the
  totals, and credits never take more than the invoice has at a rate;
- what the funders still pay is the funded discount, or nothing once the part
  is refused;
- the order's total is the sum of its parts.
"""

import uuid
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shop.apps.payment import actions as payment
from tests.factories.invoicing import artisan, create_artisan_product, pay, place_online
from tests.factories.orders import step
from vendors.invoicing.models import Invoice
from vendors.models import PartAction, VatRegime, VendorOrder, VendorOrderStatus

pytestmark = [pytest.mark.django_db, pytest.mark.service("stripe")]

CENT = D("0.01")
ZERO = D("0.00")

parts = st.fixed_dictionaries(
    {
        "regime": st.sampled_from(list(VatRegime)),
        "items": st.lists(
            st.tuples(st.integers(50, 9_999), st.integers(1, 4)), min_size=1, max_size=3
        ),
        "funded_permille": st.sampled_from([0, 0, 1, 137, 333, 500]),
        "refunds_permille": st.lists(st.integers(1, 1_000), max_size=3),
        "refused": st.booleans(),
    }
)


def cents(value):
    return D(value) * CENT


def assert_adds_up(document):
    """HT + VAT = TTC at every rate and on every line; lines make the totals."""
    for line in document.line_rows:
        assert line["total_excl_tax"] + line["vat"] == line["total_incl_tax"]
    rows = document.vat_rows
    for row in rows:
        assert row["excl_tax"] + row["vat"] == row["incl_tax"]
        assert row["vat"] >= 0 and row["excl_tax"] >= 0
    assert sum((r["incl_tax"] for r in rows), ZERO) == document.total_incl_tax
    assert sum((r["vat"] for r in rows), ZERO) == document.total_vat
    assert sum((r["excl_tax"] for r in rows), ZERO) == document.total_excl_tax
    lines = document.line_rows
    assert sum((li["total_incl_tax"] for li in lines), ZERO) == document.total_incl_tax
    assert sum((li["vat"] for li in lines), ZERO) == document.total_vat


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(basket=st.lists(parts, min_size=1, max_size=3), shipping=st.integers(0, 999))
def test_invoices_less_credit_notes_are_what_was_paid_less_refunds(
    stripe_requests, basket, shipping
):
    # given an order across artisans, paid online, some parts funded in part
    items, shops = [], []
    for part in basket:
        shop = artisan(part["regime"], name=f"Atelier {uuid.uuid4().hex[:10]}")
        shops.append(shop)
        for price, quantity in part["items"]:
            product = create_artisan_product(
                shop, f"Objet {uuid.uuid4().hex[:6]}", price=str(cents(price)), stock=9
            )
            items.append((product, quantity))
    order, record = place_online(*items, shipping=str(cents(shipping)))
    for shop, part in zip(shops, basket, strict=True):
        vendor_order = order.vendor_orders.get(vendor=shop)
        funded = (
            vendor_order.total_incl_tax * part["funded_permille"] / 1000
        ).quantize(CENT)
        VendorOrder.objects.filter(pk=vendor_order.pk).update(funded_discount=funded)
    pay(record)

    # when parts are refunded in part, and some refused
    for shop, part in zip(shops, basket, strict=True):
        vendor_order = order.vendor_orders.get(vendor=shop)
        for permille in part["refunds_permille"]:
            remaining = payment.refundable_amount(vendor_order)
            amount = max(CENT, (remaining * permille / 1000).quantize(CENT))
            if remaining > 0:
                payment.refund_vendor_order(vendor_order, amount, reason="Geste")
        if part["refused"]:
            vendor_order.refresh_from_db()
            step(vendor_order, PartAction.REFUSE, reason="Atelier fermé.")

    # then
    vendor_orders = list(order.vendor_orders.all())
    assert sum(vo.total_incl_tax for vo in vendor_orders) == order.total_incl_tax
    for vendor_order in vendor_orders:
        invoice = Invoice.objects.get(vendor_order=vendor_order)
        credits = list(invoice.credit_notes.all())
        refunded = sum((r.amount for r in vendor_order.refunds.all()), ZERO)
        refused = vendor_order.status == VendorOrderStatus.REFUSED
        funders_pay = ZERO if refused else vendor_order.funded_discount
        paid = vendor_order.customer_total + funders_pay

        assert invoice.total_incl_tax == vendor_order.total_incl_tax
        credited = sum((c.total_incl_tax for c in credits), ZERO)
        assert invoice.total_incl_tax - credited == paid - refunded
        funded_left = invoice.funded_discount - sum(
            (c.funded_share for c in credits), ZERO
        )
        assert funded_left == funders_pay
        assert len([c for c in credits if c.refund_id]) == len(
            vendor_order.refunds.all()
        )
        for document in (invoice, *credits):
            assert_adds_up(document)
        # no rate is credited beyond what the invoice has at that rate
        for row in invoice.vat_rows:
            rate = str(row["rate"])
            for key in ("excl_tax", "vat", "incl_tax"):
                taken = sum(
                    (
                        D(r[key])
                        for c in credits
                        for r in c.vat_breakdown
                        if r["rate"] == rate
                    ),
                    ZERO,
                )
                assert taken <= row[key]
                if refused:
                    assert taken == row[key]  # credited back to zero
        if invoice.seller["vat_regime"] == VatRegime.FRANCHISE:
            assert invoice.total_vat == ZERO
            assert invoice.vat_mention == "TVA non applicable, art. 293 B du CGI"
