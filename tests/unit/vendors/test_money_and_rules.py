"""Pure rules of the marketplace: money splits, SIRET, order status."""

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from vendors.actions import (
    OrderStatus,
    allocate_proportionally,
    commission_split,
    derive_order_status,
)
from vendors.models import VendorOrderStatus as S
from vendors.validators import luhn_is_valid, sanitise_story, validate_siret


@pytest.mark.parametrize(
    "amount, weights",
    [
        (D("10.00"), [D("1"), D("1"), D("1")]),
        (D("0.01"), [D("5"), D("5")]),
        (D("7.99"), [D("12.50"), D("0.10"), D("300")]),
        (D("5.00"), [D("0"), D("0")]),
        (D("0.00"), [D("3"), D("4")]),
    ],
)
def test_proportional_allocation_adds_up_to_the_cent(amount, weights):
    parts = allocate_proportionally(amount, weights)

    assert sum(parts) == amount
    assert all(p >= 0 for p in parts)
    assert all(p == p.quantize(D("0.01")) for p in parts)


@pytest.mark.parametrize(
    "total, rate",
    [(D("27.00"), D("0.10")), (D("18.90"), D("0.08")), (D("0.05"), D("0.5"))],
)
def test_commission_plus_net_is_the_total(total, rate):
    commission, net = commission_split(total, rate)

    assert commission + net == total
    assert commission == (total * rate).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def test_siret_must_be_14_digits_passing_luhn():
    validate_siret("732 829 320 00074")  # a real, valid SIRET
    assert luhn_is_valid("73282932000074")
    with pytest.raises(ValidationError):
        validate_siret("73282932000075")
    with pytest.raises(ValidationError):
        validate_siret("1234")
    with pytest.raises(ValidationError):
        validate_siret("7328293200007A")


def test_story_keeps_formatting_and_drops_scripts():
    clean = sanitise_story(
        '<p onclick="x()">Atelier <strong>familial</strong></p>'
        "<script>alert(1)</script>"
    )

    assert clean == "<p>Atelier <strong>familial</strong></p>"


@pytest.mark.parametrize(
    "statuses, expected",
    [
        ([S.NEW, S.NEW], OrderStatus.PLACED),
        ([S.NEW, S.ACCEPTED], OrderStatus.IN_PROGRESS),
        ([S.READY, S.IN_PREPARATION], OrderStatus.PARTIALLY_READY),
        ([S.READY, S.SHIPPED], OrderStatus.READY),
        ([S.COMPLETED, S.READY], OrderStatus.PARTIALLY_COMPLETED),
        ([S.COMPLETED, S.COMPLETED], OrderStatus.COMPLETED),
        ([S.COMPLETED, S.REFUSED], OrderStatus.COMPLETED),
        ([S.REFUSED, S.CANCELLED], OrderStatus.CANCELLED),
        ([S.AWAITING_PAYMENT, S.AWAITING_PAYMENT], OrderStatus.PENDING_PAYMENT),
    ],
)
def test_order_status_follows_its_artisans_parts(statuses, expected):
    assert derive_order_status(statuses) == expected
