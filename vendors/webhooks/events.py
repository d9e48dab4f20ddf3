"""What each event of a shop says, and its deliveries, written in the
transaction of what happened and sent once it commits."""

import logging

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from .models import (
    EventType,
    LowStockNotice,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

logger = logging.getLogger(__name__)

StockRecord = get_model("partner", "StockRecord")


def endpoints_for(vendor_id, event_type):
    """The shop's active endpoints that chose ``event_type``."""
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(
            vendor_id=vendor_id, is_active=True
        )
        if str(event_type) in endpoint.events
    ]


def emit(vendor_id, event_type, data, endpoints=None):
    """Record an event of one shop and queue one delivery per endpoint that
    chose it; nothing when none did. Returns the event, or None."""
    if endpoints is None:
        endpoints = endpoints_for(vendor_id, event_type)
    if not endpoints:
        return None
    event = WebhookEvent(vendor_id=vendor_id, type=str(event_type))
    now = timezone.now()
    event.payload = {
        "id": event.event_id,
        "type": str(event_type),
        "created": int(now.timestamp()),
        "data": data,
    }
    event.save()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event=event, next_attempt_at=now)
        for endpoint in endpoints
    )
    from .tasks import deliver_webhook_task

    for delivery in deliveries:
        delivery_id = delivery.pk
        # robust: an unreachable broker must not undo the step that happened;
        # the sweep of due deliveries sends it later.
        transaction.on_commit(
            lambda pk=delivery_id: deliver_webhook_task.delay(pk), robust=True
        )
    return event


def money(amount):
    return f"{amount:.2f}"


def order_part_data(vendor_order, event=None):
    """An artisan's part as its webhook tells it: that part only, never the
    other shops of the same order, nor the customer's personal data."""
    lines = vendor_order.lines.order_by("pk")
    data = {
        "order_number": vendor_order.order.number,
        "part_number": vendor_order.number,
        "status": vendor_order.status,
        "fulfilment_method": vendor_order.fulfilment_method,
        "currency": vendor_order.currency,
        "total_incl_tax": money(vendor_order.total_incl_tax),
        "commission_amount": money(vendor_order.commission_amount),
        "net_amount": money(vendor_order.net_amount),
        "placed_at": vendor_order.created_at.isoformat(),
        "lines": [
            {
                "sku": line.partner_sku,
                "title": line.title,
                "quantity": line.quantity,
                "total_incl_tax": money(line.line_price_incl_tax),
            }
            for line in lines
        ],
    }
    if event is not None:
        data["step"] = event.action
        data["reason"] = event.reason
    return data


def emit_order_event(vendor_order, event_type, event=None):
    endpoints = endpoints_for(vendor_order.vendor_id, event_type)
    if endpoints:
        emit(
            vendor_order.vendor_id,
            event_type,
            order_part_data(vendor_order, event),
            endpoints,
        )


# Low stock
# ------------------------------------------------------------------------------


def stock_data(record):
    available = (record.num_in_stock or 0) - (record.num_allocated or 0)
    return {
        "product_id": record.product_id,
        "title": record.product.get_title(),
        "sku": record.partner_sku,
        "num_in_stock": record.num_in_stock,
        "num_allocated": record.num_allocated or 0,
        "available": available,
    }


def check_low_stock(vendor_id, stockrecord_ids):
    """Tell the shop of each of these stock records that just went low (as
    the back office's overview counts low stock), once until it is back up."""
    from vendors.backoffice.views_shop import LOW_STOCK_THRESHOLD, low_stock_records
    from vendors.models import Vendor

    ids = set(stockrecord_ids)
    if not ids:
        return
    endpoints = endpoints_for(vendor_id, EventType.STOCK_LOW)
    if not endpoints:
        return
    vendor = Vendor.objects.get(pk=vendor_id)
    low = {record.pk: record for record in low_stock_records(vendor).filter(pk__in=ids)}
    told = set(
        LowStockNotice.objects.filter(stockrecord_id__in=ids).values_list(
            "stockrecord_id", flat=True
        )
    )
    LowStockNotice.objects.filter(stockrecord_id__in=ids - set(low)).delete()
    for pk in sorted(set(low) - told):
        _notice, created = LowStockNotice.objects.get_or_create(stockrecord_id=pk)
        if created:
            data = {**stock_data(low[pk]), "threshold": LOW_STOCK_THRESHOLD}
            emit(vendor_id, EventType.STOCK_LOW, data, endpoints)
