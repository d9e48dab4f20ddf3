"""The demo consumer's orders, placed and moved on as the shop itself does.

Each order of ``data.DEMO_ORDERS`` is placed through the real code paths: an
Oscar basket priced by the marketplace's strategy with its offers applied,
each artisan's pickup checked as the checkout checks it, the order creator
that splits it into artisans' parts, the slot bookings with their pickup
codes, and the pay-at-pickup source. Each part is then taken through the
order conductor (accepted, prepared, ready, checked in, handed over with
what the customer paid), so that every consequence follows as in the shop:
stock, parcels, payments collected at pickup, and the documents issued from
``vendors.signals.vendor_order_stepped``.

A completed order is collected in the latest slots that are already over,
within the last weeks (in the current month, except in a month's first days),
placed a little before them; each step is taken at the time it would have
happened (``StepInput.now``), so the hand-over falls on its slot's day and
nothing is dated in the future.

Each order is looked up by its number (``DEMO-…``) first: a second load
places nothing.
"""

import datetime
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.utils import timezone
from oscar.apps.offer.applicator import Applicator
from oscar.core.loading import get_class, get_model

from delivery.actions import (
    bookable_slots,
    booking_of,
    confirm_reservation,
    earliest_bookable_start,
    generate_slots,
    is_closed_on,
)
from delivery.checkout import artisan_parts, resolve_choice
from delivery.models import Slot
from shop.apps.checkout.offers import pay_at_pickup_offered
from shop.apps.partner.strategy import ArtisanStrategy
from shop.apps.payment import fetch as payment_fetch
from shop.apps.payment import pay_at_pickup
from shop.apps.payment.actions import record_refund_at_pickup
from vendors.declarations.demo import load_yearly_statements
from vendors.invoicing.demo import load_invoices
from vendors.lifecycle import Actor, Collection, StepInput, perform
from vendors.models import (
    FulfilmentMethod,
    PartAction,
    Vendor,
    VendorOrder,
    VendorOrderStatus,
)
from vendors.settlements.demo import load_statements

from . import data

ArtisanFulfilment = get_class("shipping.methods", "ArtisanFulfilment")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Product = get_model("catalogue", "Product")

CONSUMER_EMAIL = "consommateur@demo.fr"
LOGISTICS_EMAIL = "logistique@demo.fr"
STAFF_EMAIL = "admin@demo.fr"
# How long before its first slot a completed demo order was placed, beyond
# the artisans' lead time.
PLACED_AHEAD = datetime.timedelta(hours=2)
# How far back a completed demo order's slots may be.
LOOKBACK = datetime.timedelta(days=14)

A = PartAction
# The steps from "new" to each status a demo part can be left in.
STEPS_TO = {
    VendorOrderStatus.READY: [A.ACCEPT, A.PREPARE, A.MARK_READY, A.CHECK_IN],
    VendorOrderStatus.COMPLETED: [
        A.ACCEPT,
        A.PREPARE,
        A.MARK_READY,
        A.CHECK_IN,
        A.HAND_OVER,
    ],
}


class DemoOrderError(Exception):
    """The demo data does not allow placing a demo order (a bug of the demo)."""


def load_orders(report):
    """Place the demo consumer's orders and move their parts on; the refund
    made at pickup on a completed part."""
    for spec in data.DEMO_ORDERS:
        if Order._default_manager.filter(number=spec["number"]).exists():
            report.count("demo orders", False)
            continue
        place_demo_order(report, spec)
        report.count("demo orders", True)
    load_pickup_refund(report)
    # The other papers of the demo, once the orders exist: invoices (issued
    # by the steps above; this catches up an older demo database), the
    # monthly statements and pickup settlements, the yearly statements.
    load_invoices(report)
    load_statements(report)
    load_yearly_statements()


# Placing an order
# ------------------------------------------------------------------------------


def place_demo_order(report, spec):
    """Place one demo order paid at pickup and take its parts to their status."""
    consumer = get_user_model()._default_manager.get(username=CONSUMER_EMAIL)
    now = timezone.now()
    target = VendorOrderStatus(spec["status"])
    basket = demo_basket(consumer, spec["parts"])
    parts = {
        part.vendor.slug: part
        for part in artisan_parts(basket, pays_online=False, now=now)
    }
    options = {
        part_spec["artisan"]: pickup_option(parts[part_spec["artisan"]], part_spec)
        for part_spec in spec["parts"]
    }
    if target == VendorOrderStatus.COMPLETED:
        slots = {
            code: past_slot(report, parts[code].vendor, option.point, now)
            for code, option in options.items()
        }
    else:
        slots = {
            code: next_slot(parts[code].vendor, option.point, now)
            for code, option in options.items()
        }
    placed_at = placement_time(parts, slots, now)

    # The fulfilment step: each choice checked as the checkout checks it.
    choices = {
        parts[code].vendor.pk: resolve_choice(
            parts[code],
            option.value,
            str(slots[code].pk),
            basket_id=basket.pk,
            now=placed_at,
        )
        for code, option in options.items()
    }
    if not pay_at_pickup_offered(basket, choices):
        raise DemoOrderError(f"{spec['number']}: payment at pickup is not offered")

    # The preview's "place order": Oscar's creator, then the slot bookings.
    shipping_method = ArtisanFulfilment(
        [(D(c["cost"]), D(c["cost_excl_tax"])) for c in choices.values()]
    )
    shipping_charge = shipping_method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, shipping_charge)
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=shipping_method,
        shipping_charge=shipping_charge,
        user=consumer,
        order_number=spec["number"],
        date_placed=placed_at,
        fulfilment={
            vendor_id: (choice["method"], D(choice["cost"]))
            for vendor_id, choice in choices.items()
        },
    )
    vendor_orders = {
        vendor_order.vendor.slug: vendor_order
        for vendor_order in order.vendor_orders.select_related("vendor__partner")
    }
    for code, vendor_order in sorted(
        vendor_orders.items(), key=lambda item: slots[item[0]].pk
    ):
        confirm_reservation(
            slots[code], vendor_order.vendor, vendor_order, now=placed_at
        )
    source = pay_at_pickup.new_source(total)
    source.order = order
    source.save()
    pay_at_pickup.note_order_placed(order)
    basket.submit()

    paid_by = {
        part_spec["artisan"]: part_spec["paid_by"] for part_spec in spec["parts"]
    }
    for code, vendor_order in vendor_orders.items():
        take_steps(vendor_order, STEPS_TO[target], placed_at, paid_by[code])
    return order


def demo_basket(consumer, part_specs):
    """The consumer's basket of the order's products, offers applied."""
    basket = Basket._default_manager.create(owner=consumer)
    basket.strategy = ArtisanStrategy()
    for part_spec in part_specs:
        for upc, quantity in part_spec["items"]:
            basket.add_product(Product._default_manager.get(upc=upc), quantity)
    Applicator().apply(basket, consumer)
    return basket


def pickup_option(part, part_spec):
    """Where the part is collected: the artisan's workshop or the point named,
    else the first drive point of the demo logistics account it serves."""
    wanted = part_spec["pickup"]
    for option in part.pickups:
        if wanted == "workshop" and option.method == FulfilmentMethod.WORKSHOP_PICKUP:
            return option
        if option.method == FulfilmentMethod.POINT_PICKUP and option.point.slug == (
            wanted
        ):
            return option
    for option in part.pickups:
        if option.method == FulfilmentMethod.POINT_PICKUP and (
            option.point.staff.filter(username=LOGISTICS_EMAIL).exists()
        ):
            return option
    raise DemoOrderError(f"{part.vendor.slug} offers no demo pickup")


def lead_time(vendor, point):
    """How long before a slot the artisan must have the order."""
    now = timezone.now()
    return earliest_bookable_start(point, vendor, now=now) - now


def past_slot(report, vendor, point, now):
    """The latest slot of ``point`` that is over, within ``LOOKBACK``, with room
    and not on a closed day; else the next one that can still be booked."""
    today = timezone.localdate(now)
    first_day = today - LOOKBACK
    # The demo loader opens slots from today: open the past weeks' too.
    report.created["slots"] += generate_slots(
        point, first_day, (today - first_day).days + 1
    )
    window_start = timezone.make_aware(
        datetime.datetime.combine(first_day, datetime.time())
    )
    # Late enough for the order to be placed within the window too.
    earliest = window_start + lead_time(vendor, point) + PLACED_AHEAD
    candidates = (
        Slot.objects.filter(point=point, starts_at__gte=earliest, ends_at__lte=now)
        .with_room()
        .order_by("-starts_at")
    )
    for slot in candidates:
        if not is_closed_on(point, timezone.localtime(slot.starts_at).date()):
            return slot
    return next_slot(vendor, point, now)


def next_slot(vendor, point, now):
    """The first slot of ``point`` a consumer could book now."""
    slot = bookable_slots(point, vendor, now).select_related("point").first()
    if slot is None:
        raise DemoOrderError(f"no bookable slot at {point.slug} for {vendor.slug}")
    return slot


def placement_time(parts, slots, now):
    """When the order was placed: early enough for every artisan's lead time,
    never later than now."""
    latest_possible = min(
        slots[code].starts_at - lead_time(parts[code].vendor, slots[code].point)
        for code in slots
    )
    return min(latest_possible - PLACED_AHEAD, now)


# Moving the parts on
# ------------------------------------------------------------------------------


def take_steps(vendor_order, actions, placed_at, paid_by):
    """Take ``actions`` on the part, each as its actor would, at its time."""
    booking = booking_of(vendor_order)
    slot = booking.slot
    artisan = vendor_order.vendor.partner.users.order_by("pk").first()
    if artisan is None:
        raise DemoOrderError(f"{vendor_order.vendor.slug} has no demo account")
    at_point = vendor_order.fulfilment_method == FulfilmentMethod.POINT_PICKUP
    for index, action in enumerate(actions):
        if action == A.CHECK_IN and not at_point:
            continue  # a workshop parcel is ready where it is
        inputs = StepInput(now=placed_at + datetime.timedelta(hours=index + 1))
        actor = Actor.artisan(artisan)
        if action == A.CHECK_IN:
            inputs.now = min(slot.starts_at - datetime.timedelta(hours=2), inputs.now)
            inputs.now = max(inputs.now, placed_at)
            actor = logistics_actor(slot.point)
        elif action == A.HAND_OVER:
            inputs.now = slot.starts_at + datetime.timedelta(minutes=10)
            inputs.code = booking.pickup_code
            if at_point:
                actor = logistics_actor(slot.point)
            due = payment_fetch.amount_to_collect(vendor_order)
            if due is not None:
                inputs.collection = Collection(method=paid_by, amount=due)
        perform(vendor_order, action, actor, inputs)


def logistics_actor(point):
    staff = point.staff.order_by("pk").first()
    if staff is None:
        raise DemoOrderError(f"{point.slug} has no logistics staff")
    return Actor.logistics(staff, point)


# A refund made at pickup
# ------------------------------------------------------------------------------


def load_pickup_refund(report):
    """One product of a completed demo part, paid back where it was collected."""
    spec = data.DEMO_PICKUP_REFUND
    vendor = Vendor.objects.get(slug=spec["artisan"])
    vendor_order = (
        VendorOrder.objects.filter(vendor=vendor, order__number=spec["order"])
        .select_related("order")
        .first()
    )
    if vendor_order is None:
        return
    if vendor_order.refunds.exists():
        report.count("demo refunds", False)
        return
    line = vendor_order.order.lines.get(partner=vendor.partner, upc=spec["upc"])
    record_refund_at_pickup(
        vendor_order,
        line.unit_price_incl_tax,
        method=spec["method"],
        by=get_user_model()._default_manager.get(username=STAFF_EMAIL),
        reason=spec["reason"],
    )
    report.count("demo refunds", True)
