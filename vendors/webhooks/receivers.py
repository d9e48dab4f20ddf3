"""What tells a shop's webhooks: its parts' steps, their placement, its stock."""

from django.db.models.signals import post_save
from oscar.core.loading import get_model

from vendors.models import PartAction, Vendor, VendorOrderEvent, VendorOrderStatus
from vendors.signals import vendor_order_stepped

from .events import check_low_stock, emit_order_event
from .models import EventType

StockRecord = get_model("partner", "StockRecord")

# The steps that end a part without a sale.
CANCELLING = {PartAction.CANCEL, PartAction.REFUSE, PartAction.ABANDON}


def stockrecord_ids_of(vendor_order):
    return list(
        vendor_order.lines.exclude(stockrecord__isnull=True).values_list(
            "stockrecord_id", flat=True
        )
    )


def part_stepped(sender, vendor_order, event, transition, **kwargs):
    """Paid online: ``order.paid``; cancelled, refused or abandoned:
    ``order.cancelled``; stock given back may be up again."""
    if event.action == PartAction.PAY:
        emit_order_event(vendor_order, EventType.ORDER_PAID, event)
    elif event.action in CANCELLING:
        emit_order_event(vendor_order, EventType.ORDER_CANCELLED, event)
    check_low_stock(vendor_order.vendor_id, stockrecord_ids_of(vendor_order))


def part_placed(sender, instance, created, raw=False, **kwargs):
    """A part placed to be paid at pickup is the artisan's at once
    (``order.paid``); its allocation may leave a product low."""
    if raw or not created or instance.action != PartAction.PLACE:
        return
    vendor_order = instance.vendor_order
    if instance.to_status == VendorOrderStatus.NEW:
        emit_order_event(vendor_order, EventType.ORDER_PAID, instance)
    check_low_stock(vendor_order.vendor_id, stockrecord_ids_of(vendor_order))


def stock_saved(sender, instance, raw=False, **kwargs):
    """A stock level set by its artisan (back office, import, API)."""
    if raw:
        return
    vendor_id = (
        Vendor.objects.filter(partner_id=instance.partner_id)
        .values_list("pk", flat=True)
        .first()
    )
    if vendor_id is not None:
        check_low_stock(vendor_id, [instance.pk])


def connect():
    vendor_order_stepped.connect(part_stepped, dispatch_uid="webhooks-part-stepped")
    post_save.connect(
        part_placed, sender=VendorOrderEvent, dispatch_uid="webhooks-part-placed"
    )
    post_save.connect(
        stock_saved, sender=StockRecord, dispatch_uid="webhooks-stock-saved"
    )
