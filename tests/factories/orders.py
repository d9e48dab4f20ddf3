"""Scenes of artisans' orders moving on, through the order conductor.

Every step goes through ``vendors.lifecycle.perform``, as the back office, the
logistics console and the tasks take them: a test that brings a part to a
status gets the consequences of each step on the way (stock, slot, payment).
"""

import datetime

from oscar.core.loading import get_model

from delivery.actions import booking_of
from shop.apps.payment import pay_at_pickup
from tests.factories import UserFactory
from vendors.lifecycle import Actor, Collection, StepInput, perform
from vendors.models import ActorRole, FulfilmentMethod, PartAction, VendorOrderStatus

Source = get_model("payment", "Source")

S = VendorOrderStatus
A = PartAction


def paid_at_pickup(vendor_order):
    """Make ``vendor_order``'s order one paid when its parcels are collected
    (the source the checkout gives it: the total allocated, nothing debited)."""
    order = vendor_order.order
    return Source.objects.create(
        order=order,
        source_type=pay_at_pickup.source_type(),
        currency=order.currency,
        amount_allocated=order.total_incl_tax,
    )


def artisan_account(vendor):
    """An account running ``vendor``'s shop (the first one, or a new one)."""
    user = vendor.partner.users.order_by("pk").first()
    if user is None:
        user = UserFactory()
        vendor.partner.users.add(user)
    return user


def logistics_account(point):
    """An account of ``point``'s logistics staff (the first one, or a new one)."""
    user = point.staff.order_by("pk").first()
    if user is None:
        user = UserFactory()
        point.staff.add(user)
    return user


def actor_for(vendor_order, role):
    if role == ActorRole.ARTISAN:
        return Actor.artisan(artisan_account(vendor_order.vendor))
    if role == ActorRole.LOGISTICS:
        point = booking_of(vendor_order).slot.point
        return Actor.logistics(logistics_account(point), point)
    if role == ActorRole.STAFF:
        return Actor.staff(UserFactory(is_staff=True))
    return Actor.system()


def step(vendor_order, action, role=ActorRole.ARTISAN, **inputs):
    """Take ``action`` on ``vendor_order`` as someone of ``role``; the event."""
    return perform(
        vendor_order, action, actor_for(vendor_order, role), StepInput(**inputs)
    )


def hand_over(vendor_order, method="cash", **inputs):
    """Hand a pickup part over with its whole code, on its slot's day; a part
    paid at pickup is paid by ``method``."""
    booking = booking_of(vendor_order)
    role = (
        ActorRole.ARTISAN
        if vendor_order.fulfilment_method == FulfilmentMethod.WORKSHOP_PICKUP
        else ActorRole.LOGISTICS
    )
    inputs.setdefault("now", booking.slot.starts_at)
    inputs.setdefault(
        "collection", Collection(method=method, amount=vendor_order.total_incl_tax)
    )
    return step(vendor_order, A.HAND_OVER, role, code=booking.pickup_code, **inputs)


def bring_to(vendor_order, status):
    """Take the steps that lead ``vendor_order`` from "new" to ``status``."""
    status = S(status)
    method = vendor_order.fulfilment_method
    if vendor_order.status != S.NEW:
        raise ValueError(f"{vendor_order} is {vendor_order.status}, not new")
    path = {
        S.NEW: [],
        S.ACCEPTED: [A.ACCEPT],
        S.IN_PREPARATION: [A.ACCEPT, A.PREPARE],
        S.REFUSED: [A.REFUSE],
    }
    if method == FulfilmentMethod.DELIVERY:
        path[S.SHIPPED] = [A.ACCEPT, A.PREPARE, A.SHIP]
        path[S.COMPLETED] = [*path[S.SHIPPED], A.CONFIRM_DELIVERY]
    else:
        path[S.READY] = [A.ACCEPT, A.PREPARE, A.MARK_READY]
        if method == FulfilmentMethod.POINT_PICKUP:
            path[S.READY] = [*path[S.READY], A.CHECK_IN]
        path[S.COMPLETED] = [*path[S.READY], A.HAND_OVER]
        path[S.NO_SHOW] = [*path[S.READY], A.NO_SHOW]
    path[S.CANCELLED] = [A.ACCEPT, A.CANCEL]
    for action in path[status]:
        if action == A.HAND_OVER:
            hand_over(vendor_order)
        elif action == A.CHECK_IN:
            step(vendor_order, action, ActorRole.LOGISTICS)
        elif action == A.NO_SHOW:
            booking = booking_of(vendor_order)
            step(
                vendor_order,
                action,
                ActorRole.SYSTEM,
                now=booking.slot.ends_at + datetime.timedelta(days=1),
            )
        elif action in (A.REFUSE, A.CANCEL):
            step(vendor_order, action, reason="Atelier fermé pour travaux.")
        else:
            step(vendor_order, action)
    vendor_order.refresh_from_db()
    return vendor_order
