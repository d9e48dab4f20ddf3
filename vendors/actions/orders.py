"""Writes on artisans' shops and orders, as plain functions (views stay thin)."""

from collections import OrderedDict
from decimal import ROUND_DOWN, ROUND_HALF_UP
from decimal import Decimal as D

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vendors.models import (
    Vendor,
    VendorOrder,
    VendorOrderEvent,
    VendorOrderStatus,
)

CENTS = D("0.01")

# What an artisan (or the logistics of a pickup point) may do next.
TRANSITIONS = {
    # Only the payment moves it on (``open_paid_vendor_orders``), or the sweep
    # of abandoned payments cancels it (``cancel_unpaid_vendor_orders``).
    VendorOrderStatus.AWAITING_PAYMENT: set(),
    VendorOrderStatus.NEW: {
        VendorOrderStatus.ACCEPTED,
        VendorOrderStatus.REFUSED,
        VendorOrderStatus.CANCELLED,
    },
    VendorOrderStatus.ACCEPTED: {
        VendorOrderStatus.IN_PREPARATION,
        VendorOrderStatus.CANCELLED,
    },
    VendorOrderStatus.IN_PREPARATION: {
        VendorOrderStatus.READY,
        VendorOrderStatus.CANCELLED,
    },
    VendorOrderStatus.READY: {
        VendorOrderStatus.HANDED_OVER,
        VendorOrderStatus.SHIPPED,
        VendorOrderStatus.CANCELLED,
    },
    VendorOrderStatus.HANDED_OVER: {VendorOrderStatus.COMPLETED},
    VendorOrderStatus.SHIPPED: {VendorOrderStatus.COMPLETED},
    VendorOrderStatus.COMPLETED: set(),
    VendorOrderStatus.REFUSED: set(),
    VendorOrderStatus.CANCELLED: set(),
}
NEEDS_REASON = {VendorOrderStatus.REFUSED, VendorOrderStatus.CANCELLED}
CLOSED = {
    VendorOrderStatus.COMPLETED,
    VendorOrderStatus.REFUSED,
    VendorOrderStatus.CANCELLED,
}


class OrderStatus:
    """The overall status of an order, derived from its artisans' parts."""

    PENDING_PAYMENT = "pending_payment"
    PLACED = "placed"
    IN_PROGRESS = "in_progress"
    PARTIALLY_READY = "partially_ready"
    READY = "ready"
    PARTIALLY_COMPLETED = "partially_completed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class InvalidTransition(Exception):
    """A status change that the order's current state does not allow."""


def allocate_proportionally(amount, weights):
    """Split ``amount`` (2 decimals) across ``weights`` so the parts add up exactly.

    Each part is rounded down to the cent and the remaining cents go to the
    largest remainders, so no cent is created or lost.
    """
    total_weight = sum(weights)
    if not weights:
        return []
    if total_weight == 0:
        weights = [D(1)] * len(weights)
        total_weight = D(len(weights))
    exact = [amount * w / total_weight for w in weights]
    parts = [e.quantize(CENTS, rounding=ROUND_DOWN) for e in exact]
    leftover = int(((amount - sum(parts)) / CENTS).to_integral_value())
    by_remainder = sorted(
        range(len(parts)), key=lambda i: (exact[i] - parts[i], -i), reverse=True
    )
    for i in by_remainder[:leftover]:
        parts[i] += CENTS
    return parts


def commission_split(total, rate):
    """Return ``(commission, net)`` for a vendor order total at ``rate``."""
    commission = (total * rate).quantize(CENTS, rounding=ROUND_HALF_UP)
    return commission, total - commission


@transaction.atomic
def split_order_by_vendor(order, fulfilment=None, awaiting_payment=False):
    """Create one ``VendorOrder`` per artisan of ``order`` (idempotent).

    Lines are grouped by their partner's shop. ``fulfilment`` optionally maps a
    vendor id to ``(method, cost_incl_tax)``; costs of the order not assigned
    that way (shipping, surcharges) are shared in proportion to subtotals.
    Commission rate and amounts are frozen here. With ``awaiting_payment``
    (paid online) the parts wait for the payment before artisans see them.
    """
    existing = list(order.vendor_orders.all())
    if existing:
        return existing
    fulfilment = fulfilment or {}
    groups = OrderedDict()
    for line in order.lines.select_related("partner__vendor").order_by("id"):
        try:
            vendor = line.partner.vendor
        except Vendor.DoesNotExist:
            raise ValueError(
                f"Order {order.number}: line {line.pk} is supplied by partner "
                f"{line.partner_id}, which is not an artisan's shop"
            ) from None
        groups.setdefault(vendor, []).append(line)

    subtotals = [
        sum((line.line_price_incl_tax for line in lines), D("0.00"))
        for lines in groups.values()
    ]
    subtotals_excl = [
        sum((line.line_price_excl_tax for line in lines), D("0.00"))
        for lines in groups.values()
    ]
    assigned = sum((cost for _method, cost in fulfilment.values()), D("0.00"))
    order_costs = order.total_incl_tax - sum(subtotals, D("0.00"))
    unassigned = order_costs - assigned
    shared = allocate_proportionally(unassigned, subtotals)

    vendor_orders = []
    for index, (vendor, _lines) in enumerate(groups.items()):
        method, cost = fulfilment.get(vendor.pk, (None, D("0.00")))
        fulfilment_cost = cost + shared[index]
        total = subtotals[index] + fulfilment_cost
        rate = vendor.effective_commission_rate
        commission, net = commission_split(total, rate)
        vendor_order = VendorOrder.objects.create(
            order=order,
            vendor=vendor,
            number=f"{order.number}-{index + 1}",
            currency=order.currency,
            subtotal_incl_tax=subtotals[index],
            subtotal_excl_tax=subtotals_excl[index],
            fulfilment_cost=fulfilment_cost,
            total_incl_tax=total,
            commission_rate=rate,
            commission_amount=commission,
            net_amount=net,
            status=(
                VendorOrderStatus.AWAITING_PAYMENT
                if awaiting_payment
                else VendorOrderStatus.NEW
            ),
            **({"fulfilment_method": method} if method else {}),
        )
        VendorOrderEvent.objects.create(
            vendor_order=vendor_order, from_status="", to_status=vendor_order.status
        )
        vendor_orders.append(vendor_order)
    refresh_order_status(order, vendor_orders)
    return vendor_orders


def derive_order_status(statuses):
    """The order's overall status for its vendor orders' statuses."""
    statuses = set(statuses)
    live = statuses - {VendorOrderStatus.REFUSED, VendorOrderStatus.CANCELLED}
    if not live:
        return OrderStatus.CANCELLED
    if live == {VendorOrderStatus.AWAITING_PAYMENT}:
        return OrderStatus.PENDING_PAYMENT
    if live == {VendorOrderStatus.COMPLETED}:
        return OrderStatus.COMPLETED
    if VendorOrderStatus.COMPLETED in live:
        return OrderStatus.PARTIALLY_COMPLETED
    delivered = {
        VendorOrderStatus.READY,
        VendorOrderStatus.HANDED_OVER,
        VendorOrderStatus.SHIPPED,
    }
    if live <= delivered:
        return OrderStatus.READY
    if live & delivered:
        return OrderStatus.PARTIALLY_READY
    if live == {VendorOrderStatus.NEW}:
        return OrderStatus.PLACED
    return OrderStatus.IN_PROGRESS


def refresh_order_status(order, vendor_orders=None):
    """Set the order's status from its vendor orders' statuses."""
    if vendor_orders is None:
        vendor_orders = order.vendor_orders.all()
    status = derive_order_status(vo.status for vo in vendor_orders)
    if order.status != status:
        order.status = status
        order.save(update_fields=["status"])
    return status


def _move_awaiting_payment(order, to_status, reason=""):
    moved = list(
        VendorOrder.objects.select_for_update()
        .filter(order=order, status=VendorOrderStatus.AWAITING_PAYMENT)
        .order_by("pk")
    )
    for vendor_order in moved:
        vendor_order.status = to_status
        vendor_order.status_reason = reason
        vendor_order.save(update_fields=["status", "status_reason", "updated_at"])
        VendorOrderEvent.objects.create(
            vendor_order=vendor_order,
            from_status=VendorOrderStatus.AWAITING_PAYMENT,
            to_status=to_status,
            reason=reason,
        )
    if moved:
        refresh_order_status(order)
    return moved


@transaction.atomic
def open_paid_vendor_orders(order):
    """The order is paid: its parts awaiting payment become new for the artisans.

    Returns the vendor orders moved (none when already done: idempotent).
    """
    return _move_awaiting_payment(order, VendorOrderStatus.NEW)


@transaction.atomic
def cancel_unpaid_vendor_orders(order, reason):
    """The order was never paid: its parts awaiting payment are cancelled.

    Returns the vendor orders cancelled (none when already done: idempotent).
    """
    return _move_awaiting_payment(order, VendorOrderStatus.CANCELLED, reason)


@transaction.atomic
def change_vendor_order_status(vendor_order, to_status, user=None, reason=""):
    """Move a vendor order to ``to_status``, log who and when, notify the customer.

    Raises ``InvalidTransition`` with a message for the person when the change
    is not allowed from the current status or a needed reason is missing.
    """
    locked = VendorOrder.objects.select_for_update().get(pk=vendor_order.pk)
    to_status = VendorOrderStatus(to_status)
    current = VendorOrderStatus(locked.status)
    if to_status not in TRANSITIONS[current]:
        raise InvalidTransition(
            _("An order that is “%(current)s” cannot become “%(target)s”.")
            % {"current": current.label, "target": to_status.label}
        )
    reason = (reason or "").strip()
    if to_status in NEEDS_REASON and not reason:
        raise InvalidTransition(_("Please give a reason for the customer."))
    locked.status = to_status
    if reason:
        locked.status_reason = reason
    locked.save(update_fields=["status", "status_reason", "updated_at"])
    event = VendorOrderEvent.objects.create(
        vendor_order=locked,
        from_status=current,
        to_status=to_status,
        reason=reason,
        user=user if user is not None and user.is_authenticated else None,
    )
    refresh_order_status(locked.order)

    from delivery.notifications import queue_ready_for_pickup_notification
    from vendors.tasks import notify_customer_of_vendor_order_event_task

    transaction.on_commit(
        lambda: notify_customer_of_vendor_order_event_task.delay(event.pk)
    )
    if to_status == VendorOrderStatus.READY:
        from delivery.actions import mark_workshop_parcel_ready

        # A pickup ready to collect: the customer also gets the place and code.
        mark_workshop_parcel_ready(locked, event.user)
        queue_ready_for_pickup_notification(locked)
    elif to_status == VendorOrderStatus.COMPLETED:
        from shop.apps.payment.actions import on_vendor_order_completed

        # The artisan's net amount goes out through Stripe Connect.
        on_vendor_order_completed(locked)
    vendor_order.status = locked.status
    vendor_order.status_reason = locked.status_reason
    return locked
