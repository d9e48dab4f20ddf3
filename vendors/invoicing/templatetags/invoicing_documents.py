"""Amounts, rates and lists of documents for the invoicing templates."""

from decimal import Decimal as D

from django import template
from django.utils.formats import number_format

from ..fetch import documents_of_order

register = template.Library()


@register.filter
def euros(value):
    """``12.5`` -> "12,50 €" (in the active language's format)."""
    if value in (None, ""):
        return ""
    return f"{number_format(D(value), 2)}\u00a0€"


@register.filter
def vat_percent(rate):
    """``0.055`` -> "5,5 %"; ``0`` -> "0 %"."""
    percent = (D(rate) * 100).normalize()
    places = max(0, -percent.as_tuple().exponent)
    return f"{number_format(percent, places)}\u00a0%"


@register.simple_tag
def customer_documents(order, user, guest_hash=""):
    """The invoices and credit notes of ``order`` that ``user`` may download
    (a guest: those of the order-status link ``guest_hash``)."""
    return documents_of_order(order, user, guest_hash or "")
