"""What the consumer's order pages and the part e-mails show of an order's
parts: ``{% customer_order_parts order user as parts %}`` and a few filters."""

import datetime

from django import template
from django.utils import timezone

from shop.apps.payment.models import CollectionMethod
from vendors import fetch
from vendors.models import order_status_label as status_label

register = template.Library()


@register.simple_tag
def customer_order_parts(order, user=None):
    """Each artisan's part of ``order`` (see ``vendors.fetch.customer_order_parts``)."""
    return fetch.customer_order_parts(order, user=user)


@register.filter
def order_status_label(status):
    """The words for an order's overall status."""
    return status_label(status)


@register.filter
def collection_method_label(method):
    """The words for how a part paid at pickup was paid (cash, card, cheque)."""
    try:
        return CollectionMethod(method).label
    except ValueError:
        return method


@register.filter
def last_collection_day(slot):
    """The last day a parcel of ``slot`` can still be collected, after which it
    goes back to its artisan (the point's hand-over grace period)."""
    slot_day = timezone.localtime(slot.starts_at).date()
    return slot_day + datetime.timedelta(days=slot.point.handover_grace_days)
