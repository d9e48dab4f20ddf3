"""What a part keeps after refunds, for the figures declared: the artisan's
share is the one the transfer reversals take back, to the cent."""

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from shop.apps.payment.actions.payouts import artisan_due_cents
from shop.apps.payment.consts import from_cents
from vendors.declarations.figures import kept_after_refunds


@st.composite
def refunded_parts(draw):
    total = draw(st.integers(min_value=1, max_value=5_000_000))
    commission = draw(st.integers(min_value=0, max_value=total))
    refunded = draw(st.integers(min_value=0, max_value=total - 1))
    return total, total - commission, refunded


@given(refunded_parts())
def test_the_artisans_share_is_the_one_the_payouts_keep(part):
    total, net, refunded = part
    vendor_order = SimpleNamespace(
        total_incl_tax=from_cents(total),
        customer_total=from_cents(total),
        net_amount=from_cents(net),
    )

    gross, commission = kept_after_refunds(total, net, total, refunded)

    assert gross - commission == artisan_due_cents(vendor_order, refunded)


@given(refunded_parts(), st.integers(min_value=0, max_value=100_000))
def test_a_refund_takes_back_a_share_of_each_and_a_whole_one_takes_all(part, funded):
    total, net, refunded = part
    paid = max(total - funded, 1)  # a funded discount: the customer paid less
    refunded = min(refunded, paid - 1)

    gross, commission = kept_after_refunds(total, net, paid, refunded)

    assert 0 <= commission <= total - net
    assert 0 <= gross - commission <= net
    assert gross <= total
    assert kept_after_refunds(total, net, paid, 0) == (total, total - net)
    assert kept_after_refunds(total, net, paid, paid) == (0, 0)
