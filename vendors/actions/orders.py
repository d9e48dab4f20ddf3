"""Writes on artisans' orders, as plain functions: the split of an order into
one part per artisan, the money of each part, and the record of each step.

Which step may happen, and what follows it, is the order conductor's
(``vendors.lifecycle``); these functions only write.
"""

import logging
from decimal import ROUND_HALF_UP
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
from vendors.promotions import split
from vendors.promotions.models import FundedDiscount, FunderKind, OfferFunding

logger = logging.getLogger(__name__)

# The split's arithmetic lives with the promotions, who pays each discount
# being part of it; ``allocate_proportionally`` is still imported from here.
CENTS = split.CENTS
allocate_proportionally = split.allocate_proportionally


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
    lines = list(
        order.lines.select_related("partner__vendor")
        .prefetch_related("discounts__order_discount")
        .order_by("id")
    )
    vendors = {}
    for line in lines:
        try:
            vendors[line.partner_id] = line.partner.vendor
        except Vendor.DoesNotExist:
            raise ValueError(
                f"Order {order.number}: line {line.pk} is supplied by partner "
                f"{line.partner_id}, which is not an artisan's shop"
            ) from None
    fundings, shipping_discounts = _order_discount_funders(order)
    money = split.split_money(
        [_sale_line(line, vendors[line.partner_id], fundings) for line in lines],
        order.total_incl_tax,
        assigned_costs={
            vendor: fulfilment[vendor.pk][1]
            for vendor in vendors.values()
            if vendor.pk in fulfilment
        },
        shipping_discounts=shipping_discounts,
    )

    vendor_orders = []
    for index, (vendor, part) in enumerate(money.items()):
        method = fulfilment.get(vendor.pk, (None, None))[0]
        rate = vendor.effective_commission_rate
        commission, net = commission_split(part.total_incl, rate)
        vendor_order = VendorOrder.objects.create(
            order=order,
            vendor=vendor,
            number=f"{order.number}-{index + 1}",
            currency=order.currency,
            subtotal_incl_tax=part.subtotal_incl,
            subtotal_excl_tax=part.subtotal_excl,
            fulfilment_cost=part.fulfilment_cost,
            total_incl_tax=part.total_incl,
            funded_discount=part.funded_discount,
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
        FundedDiscount.objects.bulk_create(
            FundedDiscount(
                vendor_order=vendor_order,
                offer_id=offer_id,
                offer_name=fundings[offer_id][1],
                kind=fundings[offer_id][0].kind,
                funder_id=fundings[offer_id][0].funder_id,
                on_fulfilment=on_fulfilment,
                amount=amount,
            )
            for (offer_id, on_fulfilment), amount in part.funded.items()
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


def _order_discount_funders(order):
    """Who funds each offer of ``order``, and its funded shipping discounts.

    Returns ({offer id: (funding, offer name)}, {offer id: shipping discount});
    an offer without a funding row is the chamber's. A shipping discount is
    never the artisan's (see ``vendors.promotions.split``).
    """
    discounts = list(order.discounts.exclude(category="Deferred"))
    offer_ids = {d.offer_id for d in discounts if d.offer_id is not None}
    by_offer = {
        row.offer_id: row for row in OfferFunding.objects.filter(offer_id__in=offer_ids)
    }
    fundings = {}
    shipping = {}
    for discount in discounts:
        funding = by_offer.get(discount.offer_id) or OfferFunding(
            offer_id=discount.offer_id, kind=FunderKind.CHAMBER
        )
        fundings[discount.offer_id] = (funding, discount.offer_name or "")
        if discount.is_shipping_discount:
            if funding.lowers_sale:
                logger.warning(
                    "Order %s: shipping discount of offer %s is the chamber's, "
                    "not the artisan's who funds the offer",
                    order.number,
                    discount.offer_id,
                )
                fundings[discount.offer_id] = (
                    OfferFunding(offer_id=discount.offer_id, kind=FunderKind.CHAMBER),
                    discount.offer_name or "",
                )
            shipping[discount.offer_id] = (
                shipping.get(discount.offer_id, D("0.00")) + discount.amount
            )
    return fundings, shipping


def _sale_line(line, vendor, fundings):
    """An order line for ``split.split_money``, with its funded discounts.

    A discount lowers the artisan's sale only when the artisan funds it and
    the line is theirs; any other is funded by the chamber or a territory.
    """
    funded = {}
    for line_discount in line.discounts.all():
        offer_id = line_discount.order_discount.offer_id
        funding = fundings.get(offer_id, (None,))[0]
        if funding is not None and funding.lowers_sale:
            if funding.vendor_id == vendor.pk:
                continue
            logger.warning(
                "Order line %s: discount of artisan offer %s on another "
                "artisan's line counts as the chamber's",
                line.pk,
                offer_id,
            )
            fundings[offer_id] = (
                OfferFunding(offer_id=offer_id, kind=FunderKind.CHAMBER),
                fundings[offer_id][1],
            )
        funded[offer_id] = funded.get(offer_id, D("0.00")) + _incl_tax(
            line, line_discount
        )
    before_incl = line.line_price_before_discounts_incl_tax or D("0.00")
    before_excl = line.line_price_before_discounts_excl_tax or before_incl
    return split.SaleLine(
        part=vendor,
        paid_incl=line.line_price_incl_tax,
        paid_excl=line.line_price_excl_tax,
        tax_ratio=(before_excl / before_incl) if before_incl else D(1),
        funded=funded,
    )


def _incl_tax(line, line_discount):
    """A line discount's amount incl. tax (prices here are TTC at one rate)."""
    if line_discount.is_incl_tax:
        return line_discount.amount
    before_incl = line.line_price_before_discounts_incl_tax or D("0.00")
    before_excl = line.line_price_before_discounts_excl_tax or before_incl
    if not before_excl:
        return line_discount.amount
    return (line_discount.amount * before_incl / before_excl).quantize(
        CENTS, rounding=ROUND_HALF_UP
    )


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
