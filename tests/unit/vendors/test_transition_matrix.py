"""Who may take which step of an artisan's order, for every status, role and
fulfilment method.

The table below is the product's rule, written out in full; the conductor's
rules must allow exactly these steps and nothing else.
"""

import itertools

import pytest

from vendors.lifecycle import rules
from vendors.models import ActorRole, FulfilmentMethod, PartAction, VendorOrderStatus

S, R, A = VendorOrderStatus, ActorRole, PartAction
DELIVERY = FulfilmentMethod.DELIVERY
WORKSHOP = FulfilmentMethod.WORKSHOP_PICKUP
POINT = FulfilmentMethod.POINT_PICKUP
ALL = (DELIVERY, WORKSHOP, POINT)
PICKUPS = (WORKSHOP, POINT)


def each(methods, actions):
    return {method: set(actions) for method in methods}


# (status, role) -> {method: the steps allowed}; absent means none.
ALLOWED = {
    (S.AWAITING_PAYMENT, R.SYSTEM): each(ALL, [A.PAY, A.ABANDON]),
    (S.NEW, R.ARTISAN): each(ALL, [A.ACCEPT, A.REFUSE]),
    (S.NEW, R.STAFF): each(ALL, [A.CANCEL]),
    (S.NEW, R.LOGISTICS): each([POINT], [A.CHECK_IN]),
    (S.ACCEPTED, R.ARTISAN): {
        DELIVERY: {A.PREPARE, A.SHIP, A.CANCEL},
        WORKSHOP: {A.PREPARE, A.MARK_READY, A.CANCEL},
        POINT: {A.PREPARE, A.MARK_READY, A.CANCEL},
    },
    (S.ACCEPTED, R.STAFF): each(ALL, [A.CANCEL]),
    (S.ACCEPTED, R.LOGISTICS): each([POINT], [A.CHECK_IN]),
    (S.IN_PREPARATION, R.ARTISAN): {
        DELIVERY: {A.SHIP, A.CANCEL},
        WORKSHOP: {A.MARK_READY, A.CANCEL},
        POINT: {A.MARK_READY, A.CANCEL},
    },
    (S.IN_PREPARATION, R.STAFF): each(ALL, [A.CANCEL]),
    (S.IN_PREPARATION, R.LOGISTICS): each([POINT], [A.CHECK_IN]),
    (S.READY, R.ARTISAN): {
        DELIVERY: {A.SHIP, A.CANCEL},
        # only at their own workshop, against the customer's code
        WORKSHOP: {A.HAND_OVER, A.CANCEL},
        # a drive or relay parcel is handed over by the point's staff
        POINT: {A.CANCEL},
    },
    (S.READY, R.STAFF): each(ALL, [A.CANCEL]),
    (S.READY, R.LOGISTICS): each([POINT], [A.CHECK_IN, A.HAND_OVER]),
    (S.READY, R.SYSTEM): each(PICKUPS, [A.NO_SHOW]),
    (S.SHIPPED, R.ARTISAN): each([DELIVERY], [A.CONFIRM_DELIVERY]),
    (S.SHIPPED, R.STAFF): each([DELIVERY], [A.CONFIRM_DELIVERY]),
    (S.NO_SHOW, R.ARTISAN): {
        WORKSHOP: {A.HAND_OVER, A.TAKE_BACK},
        POINT: {A.TAKE_BACK},
    },
    (S.NO_SHOW, R.STAFF): each(PICKUPS, [A.TAKE_BACK]),
    (S.NO_SHOW, R.LOGISTICS): each([POINT], [A.HAND_OVER]),
}

CASES = list(itertools.product(S, R, ALL))


@pytest.mark.parametrize(
    ("status", "role", "method"),
    CASES,
    ids=[f"{s.value}-{r.value}-{m.value}" for s, r, m in CASES],
)
def test_each_role_may_take_exactly_the_steps_of_the_table(status, role, method):
    expected = ALLOWED.get((status, role), {}).get(method, set())

    allowed = {t.action for t in rules.steps_for(status, role, method)}

    assert allowed == expected


def test_closed_parts_take_no_step_at_all():
    closed = [S.COMPLETED, S.REFUSED, S.CANCELLED, S.RETURNED]

    steps = [
        (status, role, method)
        for status, role, method in itertools.product(closed, R, ALL)
        if rules.steps_for(status, role, method)
    ]

    assert steps == []


def test_every_step_leading_to_a_loss_of_the_goods_asks_for_a_reason():
    for transition in rules.TRANSITIONS:
        if transition.action in (A.REFUSE, A.CANCEL):
            assert transition.needs_reason, transition
            assert transition.stock == rules.Stock.GIVE_BACK
            assert transition.slot == rules.Slot.RELEASE
            assert transition.payment == rules.Payment.REFUND


def test_a_hand_over_always_needs_the_whole_code_and_uses_up_the_stock():
    hand_overs = [t for t in rules.TRANSITIONS if t.action == A.HAND_OVER]

    assert hand_overs
    for transition in hand_overs:
        assert transition.needs_code
        assert transition.stock == rules.Stock.USE_UP
        assert transition.roles <= {R.ARTISAN, R.LOGISTICS}


def test_no_row_of_the_table_overlaps_another():
    # One row per step, status, role and method: the conductor never has to
    # choose between two sets of consequences.
    seen = set()
    for transition in rules.TRANSITIONS:
        for key in itertools.product(
            [transition.action],
            transition.sources,
            transition.roles,
            transition.methods,
        ):
            assert key not in seen, key
            seen.add(key)
