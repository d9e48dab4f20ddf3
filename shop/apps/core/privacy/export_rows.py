"""How the data export writes records: addresses, order lines, artisans'
parts with their steps, pickups and payments (shared by the customer's and
the shop's files)."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch

from delivery.models import Reservation
from shop.apps.payment.models import PickupCollection
from vendors.models import VendorOrder, VendorOrderEvent

ADDRESS_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "line1",
    "line2",
    "line3",
    "line4",
    "state",
    "postcode",
)


class ExportEncoder(DjangoJSONEncoder):
    """Django's encoder (dates, decimals), and phone numbers in international form."""

    def default(self, o):
        if hasattr(o, "as_e164"):
            return o.as_e164
        return super().default(o)


def fields_of(obj, names):
    return {name: getattr(obj, name) for name in names}


def address_row(address, extra=()):
    if address is None:
        return None
    row = fields_of(address, ADDRESS_FIELDS + tuple(extra))
    row["country"] = address.country_id
    return row


def event_row(event):
    return {
        "when": event.created_at,
        "step": event.action,
        "from": event.from_status,
        "to": event.to_status,
        "by": event.role,
        "reason": event.reason,
        "details": event.details,
    }


def _reservation(vendor_order):
    try:
        reservation = vendor_order.reservation
    except Reservation.DoesNotExist:
        return None
    point = reservation.slot.point
    return {
        "point": point.name,
        "point_address": f"{point.address}, {point.postcode} {point.commune}",
        "slot_starts_at": reservation.slot.starts_at,
        "slot_ends_at": reservation.slot.ends_at,
        "pickup_code": reservation.pickup_code,
        "parcel": reservation.parcel_status,
        "handed_over_at": reservation.handed_over_at,
    }


def _collection(vendor_order):
    try:
        collection = vendor_order.pickup_collection
    except PickupCollection.DoesNotExist:
        return None
    return fields_of(collection, ("amount", "method", "collected_at"))


def line_row(line):
    return {
        "product": line.title,
        "upc": line.upc,
        "artisan": line.partner_name,
        "quantity": line.quantity,
        "unit_price_incl_tax": line.unit_price_incl_tax,
        "total_incl_tax": line.line_price_incl_tax,
    }


def part_row(vendor_order, lines):
    return {
        "number": vendor_order.number,
        "artisan": vendor_order.vendor.name,
        "status": vendor_order.status,
        "fulfilment": vendor_order.fulfilment_method,
        "placed": vendor_order.created_at,
        "subtotal_incl_tax": vendor_order.subtotal_incl_tax,
        "fulfilment_cost": vendor_order.fulfilment_cost,
        "total_incl_tax": vendor_order.total_incl_tax,
        "currency": vendor_order.currency,
        "carrier": vendor_order.carrier,
        "tracking_number": vendor_order.tracking_number,
        "lines": [line_row(line) for line in lines],
        "pickup": _reservation(vendor_order),
        "paid_at_pickup": _collection(vendor_order),
        "refunds": [
            {"amount": refund.amount, "when": refund.created_at}
            for refund in vendor_order.refunds.all()
        ],
        "steps": [event_row(event) for event in vendor_order.events.all()],
    }


def parts_prefetch():
    return Prefetch(
        "vendor_orders",
        queryset=VendorOrder.objects.order_by("pk")
        .select_related(
            "vendor__partner",
            "reservation__slot__point",
            "pickup_collection",
        )
        .prefetch_related(
            "refunds",
            Prefetch("events", queryset=VendorOrderEvent.objects.order_by("pk")),
        ),
    )
