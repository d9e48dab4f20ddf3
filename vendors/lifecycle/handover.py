"""Hand-over at a drive or relay point, from the code alone: what the console
shows before, and the step itself (through ``conductor.perform``)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from delivery import actions as delivery
from delivery.models import ParcelStatus
from shop.apps.payment import fetch as payment_fetch
from vendors.models import PartAction, VendorOrder

from .conductor import StepInput, StepRefused, find_transition, perform


@dataclass
class HandOverPreview:
    """What logistics staff see before they hand a parcel over."""

    vendor_order: VendorOrder
    booking: object
    amount_to_collect: Decimal | None
    day_warning: str = ""


def hand_over_preview(point, raw_code, actor, now=None):
    """The parcel a code releases at ``point``, what to collect, and whether its
    day needs confirming. Raises ``StepRefused`` for a code that releases
    nothing here (nothing changes, the attempt is counted)."""
    try:
        booking = delivery.find_parcel(point, raw_code, actor.user, actor.address)
    except delivery.PickupCodeRefused as exc:
        raise StepRefused(str(exc)) from None
    vendor_order = booking.vendor_order
    find_transition(vendor_order, PartAction.HAND_OVER, actor.role)
    if booking.parcel_status not in (ParcelStatus.RECEIVED, ParcelStatus.NO_SHOW):
        raise StepRefused(_("This parcel has not been checked in at the point yet."))
    warning = ""
    try:
        delivery.check_hand_over_day(booking, now)
    except delivery.HandOverDayToConfirm as exc:
        warning = str(exc)
    except delivery.PickupCodeRefused as exc:
        raise StepRefused(str(exc)) from None
    return HandOverPreview(
        vendor_order=vendor_order,
        booking=booking,
        amount_to_collect=payment_fetch.amount_to_collect(vendor_order),
        day_warning=warning,
    )


def hand_over_at_point(point, raw_code, actor, data=None):
    """Hand over the parcel whose code was typed or scanned at ``point``."""
    preview = hand_over_preview(
        point, raw_code, actor, now=(data.now if data else None)
    )
    data = data or StepInput()
    data.code = raw_code
    perform(preview.vendor_order, PartAction.HAND_OVER, actor, data)
    return preview.vendor_order
