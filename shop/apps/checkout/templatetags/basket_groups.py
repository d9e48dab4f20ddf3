"""``{% artisan_groups formset as groups %}``: the basket page's lines by artisan.

Each group has the artisan, the formset's forms of their lines, their
subtotal, what they offer to hand the goods over (home delivery with its
price, workshop collection, drive and relay points) and, once chosen at the
checkout's "Delivery or pickup" step, the chosen way and slot. A handful of
queries whatever the number of lines and artisans.
"""

from decimal import Decimal as D

from django import template
from django.db.models import Prefetch, prefetch_related_objects
from oscar.core.loading import get_class

from delivery.checkout import (
    delivery_offered,
    pickups_offered,
    vendor_fulfilment,
)
from delivery.models import PickupPoint, PickupPointKind, Slot
from delivery.pricing import delivery_cost
from shop.apps.payment import stripe_api
from vendors.models import FulfilmentMethod, Vendor

CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")

register = template.Library()


def _served_points():
    return PickupPoint.objects.active().exclude(kind=PickupPointKind.WORKSHOP)


@register.simple_tag(takes_context=True)
def artisan_groups(context, formset):
    request = context.get("request")
    forms = list(formset)
    for index, form in enumerate(forms):
        # Oscar's basket script finds a line's hidden fields by this index.
        form.basket_index = index
    partner_ids = {
        form.instance.stockrecord.partner_id
        for form in forms
        if form.instance.stockrecord_id
    }
    vendors = {
        vendor.partner_id: vendor
        for vendor in Vendor.objects.filter(partner_id__in=partner_ids).select_related(
            "partner", "fulfilment"
        )
    }
    grouped, others = {}, []
    for form in forms:
        line = form.instance
        vendor = None
        if line.stockrecord_id:
            vendor = vendors.get(line.stockrecord.partner_id)
        if vendor is None:
            others.append(form)
        else:
            grouped.setdefault(vendor, []).append(form)
    if not grouped:
        return {"groups": [], "others": others}

    fulfilments = [vendor_fulfilment(vendor) for vendor in grouped]
    prefetch_related_objects(
        [f for f in fulfilments if f.pk],
        Prefetch("points", queryset=_served_points(), to_attr="served_points"),
    )
    if any(f.delivery_rate_per_kg for f in fulfilments):
        prefetch_related_objects(
            [form.instance.product for forms_ in grouped.values() for form in forms_],
            "attribute_values__attribute",
        )
    workshops = {}
    for point in PickupPoint.objects.active().filter(
        kind=PickupPointKind.WORKSHOP, vendor__in=list(grouped)
    ):
        workshops.setdefault(point.vendor_id, []).append(point)

    choices = {}
    basket = getattr(request, "basket", None) if request is not None else None
    if basket is not None and hasattr(request, "session"):
        choices = CheckoutSessionData(request).get_fulfilment_for(basket) or {}
    slots = (
        Slot.objects.select_related("point").in_bulk(
            [c["slot_id"] for c in choices.values() if c.get("slot_id")]
        )
        if choices
        else {}
    )

    pays_online = stripe_api.is_configured()
    groups = []
    for vendor, fulfilment in zip(grouped, fulfilments, strict=True):
        vendor_forms = grouped[vendor]
        lines = [form.instance for form in vendor_forms]
        subtotal = sum(
            (line.line_price_incl_tax_incl_discounts for line in lines), D("0.00")
        )
        offers_pickups = pickups_offered(fulfilment, pays_online)
        choice = choices.get(vendor.pk)
        chosen = None
        if choice:
            slot = slots.get(choice.get("slot_id"))
            chosen = {
                "method": choice["method"],
                "label": FulfilmentMethod(choice["method"]).label,
                "cost": choice["cost"],
                "point": slot.point if slot else None,
                "slot": slot,
            }
        groups.append(
            {
                "vendor": vendor,
                "forms": vendor_forms,
                "subtotal": subtotal,
                "delivery_cost": (
                    delivery_cost(fulfilment, lines, subtotal)
                    if delivery_offered(fulfilment, pays_online)
                    else None
                ),
                "free_delivery_above": fulfilment.free_delivery_above,
                "workshops": (
                    workshops.get(vendor.pk, [])
                    if fulfilment.workshop_pickup and offers_pickups
                    else []
                ),
                "points": (
                    getattr(fulfilment, "served_points", []) if offers_pickups else []
                ),
                "chosen": chosen,
            }
        )
    groups.sort(key=lambda group: (group["vendor"].name, group["vendor"].pk))
    return {"groups": groups, "others": others}


@register.simple_tag(takes_context=True)
def checkout_has_address_step(context, step):
    """``{% checkout_has_address_step step as has_address %}``: whether this
    checkout goes through the "Address" step (skipped when every artisan's
    part is collected). The order says so on the confirmation; the choices
    once made; before them, whether some artisan of the basket delivers."""
    if step == 5:
        order = context.get("order")
        return order is None or order.shipping_address_id is not None
    request = context.get("request")
    basket = getattr(request, "basket", None) if request is not None else None
    if basket is None or not hasattr(request, "session"):
        return True
    checkout = CheckoutSessionData(request)
    if checkout.get_fulfilment_for(basket) is not None:
        return checkout.is_delivery_required()
    partner_ids = {
        line.stockrecord.partner_id
        for line in basket.all_lines()
        if line.stockrecord_id
    }
    pays_online = stripe_api.is_configured()
    return any(
        delivery_offered(vendor_fulfilment(vendor), pays_online)
        for vendor in Vendor.objects.filter(partner_id__in=partner_ids).select_related(
            "fulfilment"
        )
    )
