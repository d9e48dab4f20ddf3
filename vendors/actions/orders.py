"""Writes on artisans' orders, as plain functions: the split of an order into
one part per artisan, the money of each part, and the record of each step.

Which step may happen, and what follows it, is the order conductor's
(``vendors.lifecycle``); these functions only write.
"""

from collections import OrderedDict
from decimal import ROUND_DOWN, ROUND_HALF_UP
from decimal import Decimal as D

from django.db import transaction

from vendors.models import (
    ActorRole,
    OrderStatus,
    PartAction,
    PartEmail,
    Vendor,
    VendorOrder,
    VendorOrderEvent,
    VendorOrderStatus,
)

CENTS = D("0.01")


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
    (paid online) the parts wait for the payment before artisans see them;
    otherwise each part's first event calls for the artisan's "new order"
    e-mail.
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
            vendor_order=vendor_order,
            from_status="",
            to_status=vendor_order.status,
            action=PartAction.PLACE,
            role=ActorRole.SYSTEM,
            artisan_email=("" if awaiting_payment else PartEmail.NEW_ORDER),
        )
        vendor_orders.append(vendor_order)
    refresh_order_status(order, vendor_orders)
    return vendor_orders


def derive_order_status(statuses):
    """The order's overall status for its vendor orders' statuses."""
    statuses = set(statuses)
    live = statuses - {
        VendorOrderStatus.REFUSED,
        VendorOrderStatus.CANCELLED,
        VendorOrderStatus.RETURNED,
    }
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
        VendorOrderStatus.SHIPPED,
        VendorOrderStatus.NO_SHOW,
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


def record_step(
    vendor_order,
    to_status,
    *,
    action,
    role,
    user=None,
    reason="",
    details=None,
    customer_email="",
    artisan_email="",
):
    """Write one step of a vendor order (locked by the caller) and its event.

    Sets the status (and the reason, when one is given), records who did what
    and which e-mails the step calls for, and derives the order's status
    again. For the order conductor (``vendors.lifecycle``), which checks the
    step first.
    """
    from_status = vendor_order.status
    vendor_order.status = to_status
    fields = ["status", "updated_at"]
    if reason:
        vendor_order.status_reason = reason
        fields.append("status_reason")
    vendor_order.save(update_fields=fields)
    event = VendorOrderEvent.objects.create(
        vendor_order=vendor_order,
        from_status=from_status,
        to_status=to_status,
        action=action,
        role=role,
        reason=reason,
        details=details or {},
        user=user if user is not None and user.is_authenticated else None,
        customer_email=customer_email,
        artisan_email=artisan_email,
    )
    refresh_order_status(vendor_order.order)
    return event


def set_tracking(vendor_order, carrier, tracking_number):
    """Keep the carrier and tracking number of a part that leaves by post."""
    vendor_order.carrier = carrier
    vendor_order.tracking_number = tracking_number
    vendor_order.save(update_fields=["carrier", "tracking_number", "updated_at"])
