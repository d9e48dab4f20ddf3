"""Scenes: artisans' parts paid online or at pickup on given days, for the figures the
law asks of the platform.

Every step goes through the order conductor; only the moment of payment is
then moved to the day a test needs (the step's date, or the collection's).
"""

import datetime
import itertools
import uuid

from django.utils import timezone

from delivery.actions import confirm_reservation
from delivery.models import PickupPointKind
from shop.apps.payment.models import PickupCollection, Refund
from tests.factories import VendorFactory, place_order
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import bring_to, paid_at_pickup, step
from vendors.models import (
    ActorRole,
    FulfilmentMethod,
    PartAction,
    VendorOrder,
    VendorOrderEvent,
    VendorOrderStatus,
)

_refund_numbers = itertools.count(1)


def local(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def sell_online(product, quantity, on):
    """A part of ``quantity`` x ``product`` paid online at ``on``: placed
    awaiting payment, then opened by Stripe's confirmation."""
    vendor_order = place_order((product, quantity)).vendor_orders.get()
    VendorOrder.objects.filter(pk=vendor_order.pk).update(
        status=VendorOrderStatus.AWAITING_PAYMENT
    )
    vendor_order.refresh_from_db()
    event = step(vendor_order, PartAction.PAY, ActorRole.SYSTEM)
    VendorOrderEvent.objects.filter(pk=event.pk).update(created_at=on)
    vendor_order.refresh_from_db()
    return vendor_order


def sell_at_workshop(vendor, product, quantity, on):
    """A part collected and paid at ``vendor``'s workshop at ``on``."""
    workshop = vendor.workshop_point
    vendor_order = place_order((product, quantity)).vendor_orders.get()
    vendor_order.fulfilment_method = FulfilmentMethod.WORKSHOP_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    slot = SlotFactory(point=workshop, capacity=50)
    confirm_reservation(
        slot, vendor, vendor_order, now=slot.starts_at - datetime.timedelta(days=3)
    )
    paid_at_pickup(vendor_order)
    bring_to(vendor_order, VendorOrderStatus.COMPLETED)
    PickupCollection.objects.filter(vendor_order=vendor_order).update(collected_at=on)
    return vendor_order


def refund(vendor_order, amount_cents):
    """A refund of ``amount_cents`` on ``vendor_order``, as the refunds leave it."""
    return Refund.objects.create(
        vendor_order=vendor_order,
        refund_id=f"re_test_{next(_refund_numbers)}_{uuid.uuid4().hex[:6]}",
        amount_cents=amount_cents,
    )


def artisan(name, **fields):
    """An artisan's shop with a workshop where customers collect and pay."""
    vendor = VendorFactory(partner__name=name, **fields)
    vendor.workshop_point = PickupPointFactory(
        kind=PickupPointKind.WORKSHOP, vendor=vendor, slug=f"atelier-{vendor.slug}"
    )
    serving(vendor, vendor.workshop_point)
    return vendor
