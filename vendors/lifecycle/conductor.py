"""The conductor of an artisan's order: every step after placement goes here.

``perform`` checks the step (the row of ``rules.TRANSITIONS`` for the part's
status, the actor's role and the part's fulfilment; that the actor may act on
this part; what the step needs), then applies its consequences in a fixed
order: stock, slot and parcel, payment, the step's record (status and event),
documents, e-mails. All of it in one transaction under the order's and the
part's row locks (always in that order), so concurrent steps on one order
queue up, and a refusal, or any error, leaves nothing behind.

The back office, the logistics console, the staff dashboard, Celery tasks and
Stripe's webhooks all move parts on through here. ``delivery``, ``payment``
and ``vendors.actions`` offer the plain functions called; none calls back.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from delivery import actions as delivery
from delivery.models import ParcelStatus, PickupPointKind
from shop.apps.partner import stock
from shop.apps.payment import actions as payment
from shop.apps.payment import fetch as payment_fetch
from shop.apps.payment import pay_at_pickup
from shop.apps.payment.stripe_api import StripeError
from shop.apps.payment.tasks import pay_artisan_task
from vendors.actions import record_step, set_tracking
from vendors.models import (
    ActorRole,
    PartAction,
    Vendor,
    VendorOrder,
    VendorOrderStatus,
)
from vendors.signals import vendor_order_stepped
from vendors.tasks.orders import queue_event_emails

from . import rules

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")


class StepRefused(Exception):
    """A step that cannot be taken; the message says why, and nothing changed."""


class StepNeedsConfirmation(StepRefused):
    """A hand-over outside its slot's day: allowed once the person confirms."""


class CollectionNeeded(StepRefused):
    """A part paid at pickup: say how the customer paid ``amount`` first."""

    def __init__(self, amount):
        self.amount = amount
        super().__init__(
            _("The customer pays %(amount)s € for this parcel: say how they paid.")
            % {"amount": localize(amount)}
        )


@dataclass(frozen=True)
class Actor:
    """Who takes a step: their role, their account, and where they act."""

    role: ActorRole
    user: object = None
    point: object = None  # logistics: the pickup point they act at
    # The network address a person acts from (wrong pickup codes are counted
    # per address too).
    address: str = ""

    @classmethod
    def artisan(cls, user, address=""):
        return cls(ActorRole.ARTISAN, user, address=address)

    @classmethod
    def logistics(cls, user, point, address=""):
        return cls(ActorRole.LOGISTICS, user, point, address=address)

    @classmethod
    def staff(cls, user):
        return cls(ActorRole.STAFF, user)

    @classmethod
    def system(cls):
        return cls(ActorRole.SYSTEM)


@dataclass
class Collection:
    """What the customer paid at the hand-over of a part paid at pickup."""

    method: str
    amount: Decimal


@dataclass
class StepInput:
    """What a person typed or chose for a step; each step reads what it needs."""

    reason: str = ""
    code: str = ""
    carrier: str = ""
    tracking_number: str = ""
    restock: bool | None = None
    collection: Collection | None = None
    confirm_off_day: bool = False
    now: datetime | None = None


# Checks
# ------------------------------------------------------------------------------


def steps_for(vendor_order, role):
    """The steps ``role`` may take now on ``vendor_order`` (for the pages'
    buttons; ``perform`` checks again)."""
    return rules.steps_for(
        VendorOrderStatus(vendor_order.status), role, vendor_order.fulfilment_method
    )


def find_transition(vendor_order, action, role):
    transition = rules.find(
        action,
        VendorOrderStatus(vendor_order.status),
        role,
        vendor_order.fulfilment_method,
    )
    if transition is None:
        raise StepRefused(
            _("This order is “%(status)s”: “%(step)s” is not possible now.")
            % {
                "status": vendor_order.get_status_display(),
                "step": PartAction(action).label,
            }
        )
    return transition


def check_actor(actor, vendor_order):
    """Refuse an actor who does not act for this part (another shop, another
    point, an account that is not staff)."""
    user = actor.user
    allowed = {
        ActorRole.SYSTEM: lambda: True,
        ActorRole.STAFF: lambda: bool(user and user.is_authenticated and user.is_staff),
        ActorRole.ARTISAN: lambda: bool(
            user
            and Vendor.objects.for_user(user).filter(pk=vendor_order.vendor_id).exists()
        ),
        ActorRole.LOGISTICS: lambda: bool(
            user
            and actor.point is not None
            and actor.point.staff.filter(pk=user.pk).exists()
        ),
    }[actor.role]()
    if not allowed:
        raise StepRefused(_("You cannot act on this order."))


def check_input(transition, vendor_order, actor, booking, data):
    """Refuse a step whose inputs are missing or wrong (reason, code, stock,
    the day of a hand-over, the amount collected)."""
    if transition.needs_reason and not data.reason.strip():
        raise StepRefused(_("Please give a reason for the customer."))
    if transition.stock == rules.Stock.AS_THE_ARTISAN_SAYS and data.restock is None:
        raise StepRefused(_("Please say whether the goods go back in stock."))
    needs_booking = transition.needs_code or transition.slot in (
        rules.Slot.CHECK_IN,
        rules.Slot.HAND_OVER,
    )
    if needs_booking and booking is None:
        raise StepRefused(_("No pickup slot is booked for this order."))
    if (
        actor.role == ActorRole.LOGISTICS
        and booking is not None
        and booking.slot.point_id != actor.point.pk
    ):
        raise StepRefused(_("This parcel is to be collected at another point."))
    if transition.action == PartAction.HAND_OVER and actor.role == ActorRole.ARTISAN:
        point = booking.slot.point
        if point.kind != PickupPointKind.WORKSHOP or point.vendor_id != (
            vendor_order.vendor_id
        ):
            raise StepRefused(
                _("Parcels at drive and relay points are handed over by their staff.")
            )
    try:
        if transition.needs_code:
            delivery.check_code_of(booking, data.code, actor.user, actor.address)
        if transition.slot == rules.Slot.HAND_OVER:
            delivery.check_hand_over_day(booking, data.now, data.confirm_off_day)
            if booking.parcel_status not in (
                ParcelStatus.RECEIVED,
                ParcelStatus.NO_SHOW,
            ):
                raise StepRefused(
                    _("This parcel has not been checked in at the point yet.")
                )
    except delivery.HandOverDayToConfirm as exc:
        raise StepNeedsConfirmation(str(exc)) from None
    except delivery.PickupCodeRefused as exc:
        raise StepRefused(str(exc)) from None
    if transition.payment == rules.Payment.COLLECT_AND_TRANSFER:
        due = payment_fetch.amount_to_collect(vendor_order)
        if due is not None:
            if data.collection is None:
                raise CollectionNeeded(due)
            try:
                pay_at_pickup.check_collection(
                    vendor_order, data.collection.method, data.collection.amount
                )
            except pay_at_pickup.CollectionRefused as exc:
                raise StepRefused(str(exc)) from None


# Consequences, in this order
# ------------------------------------------------------------------------------


def apply_stock(transition, vendor_order, data, details):
    lines = list(vendor_order.lines)
    effect = transition.stock
    if effect == rules.Stock.AS_THE_ARTISAN_SAYS:
        effect = rules.Stock.GIVE_BACK if data.restock else rules.Stock.USE_UP
        details["restocked"] = bool(data.restock)
    if effect == rules.Stock.USE_UP:
        stock.consume(lines)
    elif effect == rules.Stock.GIVE_BACK:
        stock.release(lines)


def apply_slot(transition, vendor_order, actor, booking, data):
    user = actor.user
    effect = transition.slot
    try:
        if effect == rules.Slot.RELEASE:
            delivery.release_booking(vendor_order)
        elif effect == rules.Slot.AT_WORKSHOP:
            delivery.mark_workshop_parcel_ready(vendor_order, user, now=data.now)
        elif effect == rules.Slot.CHECK_IN:
            delivery.check_in_parcel(booking, user, now=data.now)
        elif effect == rules.Slot.HAND_OVER:
            delivery.hand_over_parcel(booking, user, now=data.now)
        elif effect == rules.Slot.NO_SHOW:
            delivery.mark_parcel(booking, ParcelStatus.NO_SHOW)
        elif effect == rules.Slot.RETURNED and booking is not None:
            delivery.mark_parcel(booking, ParcelStatus.RETURNED)
    except delivery.PickupCodeRefused as exc:
        raise StepRefused(str(exc)) from None


def apply_payment(transition, vendor_order, actor, booking, data, details):
    effect = transition.payment
    if effect == rules.Payment.REFUND:
        amount = payment.refundable_amount(vendor_order)
        if payment.is_paid_online(vendor_order.order) and amount > 0:
            try:
                payment.refund_vendor_order(
                    vendor_order, amount, by=actor.user, reason=data.reason
                )
            except payment.RefundRefused as exc:
                raise StepRefused(str(exc)) from None
            except StripeError:
                # Nothing is kept of the step: it can be taken again, and the
                # refund's idempotency key makes Stripe refund once.
                logger.exception("vendor order %s: refund failed", vendor_order.number)
                raise StepRefused(
                    _(
                        "The refund could not be made: Stripe cannot be reached. "
                        "Nothing has changed; please try again in a moment."
                    )
                ) from None
            details["refunded"] = str(amount)
    if effect == rules.Payment.COLLECT_AND_TRANSFER and data.collection is not None:
        collection = pay_at_pickup.record_payment_at_pickup(
            vendor_order,
            actor.user,
            data.collection.method,
            data.collection.amount,
            booking.slot.point,
            now=data.now,
        )
        if collection is not None:
            details["collected"] = str(collection.amount)
            details["collected_method"] = collection.method
    if effect in (rules.Payment.TRANSFER, rules.Payment.COLLECT_AND_TRANSFER):
        if payment.expects_payout(vendor_order):
            vendor_order_id = vendor_order.pk
            # robust: when tasks run eagerly, a Stripe outage must not fail
            # the step (the error is kept on the ledger entry; the payout is
            # retried by ``pay_waiting_artisans_task``).
            transaction.on_commit(
                lambda: pay_artisan_task.delay(vendor_order_id), robust=True
            )


# The step
# ------------------------------------------------------------------------------


@transaction.atomic
def perform(vendor_order, action, actor, data=None):
    """Take step ``action`` on ``vendor_order`` as ``actor``; return its event.

    Raises ``StepRefused`` (or ``StepNeedsConfirmation``, ``CollectionNeeded``)
    with a message for the person, and nothing changes. ``vendor_order`` is
    updated with the new status.
    """
    data = data or StepInput()
    data.now = data.now or timezone.now()
    Order._default_manager.select_for_update().get(pk=vendor_order.order_id)
    locked = (
        VendorOrder.objects.select_for_update(of=("self",))
        .select_related("order", "vendor__partner")
        .get(pk=vendor_order.pk)
    )
    transition = find_transition(locked, action, actor.role)
    check_actor(actor, locked)
    booking = delivery.booking_of(locked, lock=True) if locked.is_pickup else None
    check_input(transition, locked, actor, booking, data)

    details = {}
    apply_stock(transition, locked, data, details)
    apply_slot(transition, locked, actor, booking, data)
    apply_payment(transition, locked, actor, booking, data, details)
    if transition.action == PartAction.SHIP:
        set_tracking(locked, data.carrier.strip(), data.tracking_number.strip())
        if locked.tracking_number:
            details["tracking_number"] = locked.tracking_number
            details["carrier"] = locked.carrier
    if booking is not None and transition.slot != rules.Slot.KEEP:
        details.setdefault("point", booking.slot.point.name)
    event = record_step(
        locked,
        transition.target,
        action=transition.action,
        role=actor.role,
        user=actor.user,
        reason=data.reason.strip(),
        details=details,
        customer_email=transition.customer_email,
        artisan_email=transition.artisan_email,
    )
    # Documents (invoices, credit notes) are issued from here.
    vendor_order_stepped.send(
        sender=VendorOrder, vendor_order=locked, event=event, transition=transition
    )
    queue_event_emails([event])
    logger.info(
        "vendor order %s: %s by %s (%s -> %s)",
        locked.number,
        transition.action,
        actor.role,
        event.from_status,
        event.to_status,
    )
    vendor_order.status = locked.status
    vendor_order.status_reason = locked.status_reason
    return event
