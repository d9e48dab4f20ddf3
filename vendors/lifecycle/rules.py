"""The steps an artisan's order may take: who takes each, from where, with what
consequences.

One row per step and role: the statuses it starts from, the status it leads
to, the fulfilment methods it applies to, what it needs (a reason, the
customer's pickup code), and its consequences, applied by the conductor in
this order: stock, slot, payment, documents, e-mails.
"""

import enum
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vendors.models import (
    ActorRole,
    FulfilmentMethod,
    PartAction,
    PartEmail,
    VendorOrderStatus,
)

S = VendorOrderStatus
M = FulfilmentMethod
R = ActorRole

ALL_METHODS = frozenset(M)
PICKUPS = frozenset({M.WORKSHOP_PICKUP, M.POINT_PICKUP})
# Before the goods leave the artisan (or their pickup point).
BEFORE_HAND_OVER = frozenset({S.NEW, S.ACCEPTED, S.IN_PREPARATION, S.READY})


class Stock(enum.Enum):
    KEEP = "keep"
    USE_UP = "use_up"  # the goods left: units leave the stock
    GIVE_BACK = "give_back"  # the units can be sold again
    AS_THE_ARTISAN_SAYS = "as_the_artisan_says"  # back in stock, or used up


class Slot(enum.Enum):
    KEEP = "keep"
    RELEASE = "release"  # the place is given back, the code stops working
    AT_WORKSHOP = "at_workshop"  # a workshop parcel is ready where it is
    CHECK_IN = "check_in"  # the parcel arrived at its point
    HAND_OVER = "hand_over"  # the parcel left with its customer
    NO_SHOW = "no_show"  # nobody came in the slot
    RETURNED = "returned"  # the parcel went back to its artisan


class Payment(enum.Enum):
    KEEP = "keep"
    REFUND = "refund"  # what was paid online is refunded
    TRANSFER = "transfer"  # the artisan's net amount is paid out
    COLLECT_AND_TRANSFER = "collect_and_transfer"  # paid at pickup, or paid out


@dataclass(frozen=True)
class Transition:
    action: PartAction
    sources: frozenset
    target: VendorOrderStatus
    roles: frozenset
    methods: frozenset
    button: object = ""
    needs_reason: bool = False
    needs_code: bool = False
    stock: Stock = Stock.KEEP
    slot: Slot = Slot.KEEP
    payment: Payment = Payment.KEEP
    customer_email: str = ""
    artisan_email: str = ""

    def applies(self, status, role, method):
        return status in self.sources and role in self.roles and method in self.methods


def _cancel(roles, sources, artisan_email):
    return Transition(
        PartAction.CANCEL,
        sources,
        S.CANCELLED,
        roles,
        ALL_METHODS,
        button=_("Cancel the order"),
        needs_reason=True,
        stock=Stock.GIVE_BACK,
        slot=Slot.RELEASE,
        payment=Payment.REFUND,
        customer_email=PartEmail.CANCELLED,
        artisan_email=artisan_email,
    )


def _hand_over(roles, methods):
    return Transition(
        PartAction.HAND_OVER,
        frozenset({S.READY, S.NO_SHOW}),
        S.COMPLETED,
        roles,
        methods,
        button=_("Hand over"),
        needs_code=True,
        stock=Stock.USE_UP,
        slot=Slot.HAND_OVER,
        payment=Payment.COLLECT_AND_TRANSFER,
        customer_email=PartEmail.HANDED_OVER,
    )


TRANSITIONS = (
    # Paid online: Stripe's confirmation opens the part to its artisan, or the
    # sweep of abandoned payments closes it.
    Transition(
        PartAction.PAY,
        frozenset({S.AWAITING_PAYMENT}),
        S.NEW,
        frozenset({R.SYSTEM}),
        ALL_METHODS,
        artisan_email=PartEmail.NEW_ORDER,
    ),
    Transition(
        PartAction.ABANDON,
        frozenset({S.AWAITING_PAYMENT}),
        S.CANCELLED,
        frozenset({R.SYSTEM}),
        ALL_METHODS,
        stock=Stock.GIVE_BACK,
        slot=Slot.RELEASE,
    ),
    # The artisan takes the order, or not.
    Transition(
        PartAction.ACCEPT,
        frozenset({S.NEW}),
        S.ACCEPTED,
        frozenset({R.ARTISAN}),
        ALL_METHODS,
        button=_("Accept the order"),
        customer_email=PartEmail.ACCEPTED,
    ),
    Transition(
        PartAction.REFUSE,
        frozenset({S.NEW}),
        S.REFUSED,
        frozenset({R.ARTISAN}),
        ALL_METHODS,
        button=_("Refuse the order"),
        needs_reason=True,
        stock=Stock.GIVE_BACK,
        slot=Slot.RELEASE,
        payment=Payment.REFUND,
        customer_email=PartEmail.REFUSED,
    ),
    Transition(
        PartAction.PREPARE,
        frozenset({S.ACCEPTED}),
        S.IN_PREPARATION,
        frozenset({R.ARTISAN}),
        ALL_METHODS,
        button=_("Start preparing"),
    ),
    # Pickups: ready at the workshop, or brought to the drive or relay point.
    Transition(
        PartAction.MARK_READY,
        frozenset({S.ACCEPTED, S.IN_PREPARATION}),
        S.READY,
        frozenset({R.ARTISAN}),
        frozenset({M.WORKSHOP_PICKUP}),
        button=_("Ready to collect at the workshop"),
        slot=Slot.AT_WORKSHOP,
        customer_email=PartEmail.READY_AT_WORKSHOP,
    ),
    Transition(
        PartAction.MARK_READY,
        frozenset({S.ACCEPTED, S.IN_PREPARATION}),
        S.READY,
        frozenset({R.ARTISAN}),
        frozenset({M.POINT_PICKUP}),
        button=_("Ready to bring to the point"),
    ),
    Transition(
        PartAction.CHECK_IN,
        BEFORE_HAND_OVER,
        S.READY,
        frozenset({R.LOGISTICS}),
        frozenset({M.POINT_PICKUP}),
        button=pgettext_lazy("parcel", "Received"),
        slot=Slot.CHECK_IN,
        customer_email=PartEmail.READY_AT_POINT,
    ),
    # Home delivery.
    Transition(
        PartAction.SHIP,
        frozenset({S.ACCEPTED, S.IN_PREPARATION, S.READY}),
        S.SHIPPED,
        frozenset({R.ARTISAN}),
        frozenset({M.DELIVERY}),
        button=_("Shipped"),
        stock=Stock.USE_UP,
        customer_email=PartEmail.SHIPPED,
    ),
    Transition(
        PartAction.CONFIRM_DELIVERY,
        frozenset({S.SHIPPED}),
        S.COMPLETED,
        frozenset({R.ARTISAN, R.STAFF}),
        frozenset({M.DELIVERY}),
        button=_("Delivered"),
        payment=Payment.TRANSFER,
    ),
    # Hand-over against the customer's whole code: by the artisan at their
    # workshop, by logistics staff at a drive or relay point; also a day or
    # two late, after a missed slot, while the parcel is still there.
    _hand_over(frozenset({R.ARTISAN}), frozenset({M.WORKSHOP_PICKUP})),
    _hand_over(frozenset({R.LOGISTICS}), frozenset({M.POINT_PICKUP})),
    # Nobody came: the artisan takes the parcel back, and says whether the
    # goods go back in stock; what was paid online is refunded.
    Transition(
        PartAction.NO_SHOW,
        frozenset({S.READY}),
        S.NO_SHOW,
        frozenset({R.SYSTEM}),
        PICKUPS,
        slot=Slot.NO_SHOW,
        customer_email=PartEmail.NO_SHOW,
        artisan_email=PartEmail.NO_SHOW_ARTISAN,
    ),
    Transition(
        PartAction.TAKE_BACK,
        frozenset({S.NO_SHOW}),
        S.RETURNED,
        frozenset({R.ARTISAN, R.STAFF}),
        PICKUPS,
        button=_("Parcel taken back"),
        stock=Stock.AS_THE_ARTISAN_SAYS,
        slot=Slot.RETURNED,
        payment=Payment.REFUND,
        customer_email=PartEmail.RETURNED,
    ),
    # Cancelled before the goods left: by the artisan once accepted, by
    # chamber staff at any time (the artisan is then told).
    _cancel(
        frozenset({R.ARTISAN}),
        frozenset({S.ACCEPTED, S.IN_PREPARATION, S.READY}),
        artisan_email="",
    ),
    _cancel(
        frozenset({R.STAFF}),
        BEFORE_HAND_OVER,
        artisan_email=PartEmail.CANCELLED_ARTISAN,
    ),
)


def find(action, status, role, method):
    """The row of ``action`` for a part in ``status``, by ``role``, or None."""
    for transition in TRANSITIONS:
        if transition.action == action and transition.applies(status, role, method):
            return transition
    return None


def steps_for(status, role, method):
    """The steps ``role`` may take on a part in ``status``, in table order."""
    return [t for t in TRANSITIONS if t.applies(status, role, method)]
