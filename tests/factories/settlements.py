"""Scenes of a month of an artisan's sales: parts paid online, paid at a drive
point and at the workshop, refunds; each dated in the month under test.

Every part moves through the order conductor (``tests.factories.orders``);
only the dates are moved afterwards, so that a test builds a given month.
"""

import datetime

from django.utils import timezone

from delivery.actions import confirm_reservation
from delivery.models import PickupPointKind
from shop.apps.payment.models import PickupCollection, Refund
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories import place_order as place
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import bring_to, paid_at_pickup, step
from vendors.models import (
    ActorRole,
    FulfilmentMethod,
    PartAction,
    Vendor,
    VendorOrderEvent,
    VendorOrderStatus,
)

MONTH = datetime.date(2026, 3, 1)


def moment(day, hour=12, month=MONTH):
    """An aware moment on ``day`` of ``month`` (local time)."""
    return timezone.make_aware(
        datetime.datetime.combine(month.replace(day=day), datetime.time(hour))
    )


def artisan_shop(name="Savonnerie Marius", price="7.50", **vendor_fields):
    """An artisan selling one product at ``price``, at a drive point and at
    their workshop."""
    vendor = VendorFactory(partner__name=name, **vendor_fields)
    product = create_artisan_product(vendor, "Savon", price=price, stock=500)
    drive = PickupPointFactory(name=f"Drive de la Joliette ({name})")
    workshop = PickupPointFactory(
        kind=PickupPointKind.WORKSHOP, vendor=vendor, slug=f"atelier-{vendor.slug}"
    )
    serving(vendor, drive)
    serving(vendor, workshop)
    shop = Vendor.objects.select_related("partner", "fulfilment").get(pk=vendor.pk)
    shop.product, shop.drive, shop.workshop = product, drive, workshop
    return shop


def _placed(shop, quantity, method):
    order = place((shop.product, quantity), user=UserFactory(email="jeanne@example.fr"))
    vendor_order = order.vendor_orders.get(vendor=shop)
    vendor_order.fulfilment_method = method
    vendor_order.save(update_fields=["fulfilment_method"])
    return vendor_order


def part_paid_online(shop, quantity=2, on=None):
    """A part delivered at home, paid online ``on`` (its ``pay`` step)."""
    vendor_order = _placed(shop, quantity, FulfilmentMethod.DELIVERY)
    vendor_order.status = VendorOrderStatus.AWAITING_PAYMENT
    vendor_order.save(update_fields=["status"])
    event = step(vendor_order, PartAction.PAY, ActorRole.SYSTEM)
    VendorOrderEvent.objects.filter(pk=event.pk).update(created_at=on or moment(10))
    vendor_order.refresh_from_db()
    return vendor_order


def part_paid_at_pickup(shop, quantity=2, at_workshop=False, on=None):
    """A pickup part paid when collected, handed over ``on``: at a drive point
    (the chamber holds the money) or at the workshop (the artisan does)."""
    method = (
        FulfilmentMethod.WORKSHOP_PICKUP
        if at_workshop
        else FulfilmentMethod.POINT_PICKUP
    )
    vendor_order = _placed(shop, quantity, method)
    point = shop.workshop if at_workshop else shop.drive
    # One slot per part, an hour apart: a point has one slot at a time.
    first = (timezone.now() + datetime.timedelta(days=2)).replace(
        minute=0, second=0, microsecond=0
    )
    slot = SlotFactory(
        point=point,
        capacity=5,
        starts_at=first + datetime.timedelta(hours=point.slots.count()),
    )
    confirm_reservation(
        slot, shop, vendor_order, now=slot.starts_at - datetime.timedelta(days=3)
    )
    paid_at_pickup(vendor_order)
    bring_to(vendor_order, VendorOrderStatus.COMPLETED)
    PickupCollection.objects.filter(vendor_order=vendor_order).update(
        collected_at=on or moment(15)
    )
    return vendor_order


def refund(vendor_order, amount_cents, on=None, refund_id=None, holder=""):
    """A refund of ``amount_cents`` of a part made ``on``: through Stripe, or
    given back at pickup by its ``holder`` (as staff record it)."""
    on = on or moment(20)
    made = Refund.objects.create(
        vendor_order=vendor_order,
        refund_id=refund_id or f"re_{vendor_order.pk}_{amount_cents}_{on:%m%d}",
        amount_cents=amount_cents,
        holder=holder,
        method="cash" if holder else "",
    )
    Refund.objects.filter(pk=made.pk).update(created_at=on)
    made.refresh_from_db()
    return made
