"""A basket's fulfilment options per artisan, the consumer's choices, and
what the placed order says about them.

Reads and assembly only: the writes (holding and confirming slots) are the
actions of ``delivery.actions``, called by the checkout.
"""

from dataclasses import dataclass, field
from decimal import Decimal as D

import segno
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from shop.apps.partner.strategy import split_tax_inclusive
from vendors.models import FulfilmentMethod, Vendor

from .actions import SlotUnavailable, bookable_slots, check_slot_choice, format_code
from .models import (
    ParcelStatus,
    PickupPoint,
    PickupPointKind,
    Reservation,
    ReservationStatus,
    Slot,
    VendorFulfilment,
)
from .pricing import delivery_cost

# How many of a point's next slots the consumer is offered.
SLOTS_SHOWN = 10
PICKUP_METHODS = (FulfilmentMethod.WORKSHOP_PICKUP, FulfilmentMethod.POINT_PICKUP)
# Parcels whose code has nothing left to release.
COLLECTED_OR_RETURNED = (ParcelStatus.HANDED_OVER, ParcelStatus.RETURNED)


class ChoiceRefused(Exception):
    """A fulfilment choice that cannot be accepted; the message says why."""


@dataclass
class PickupOption:
    """A place where an artisan's part can be collected, with its next slots."""

    method: str
    point: PickupPoint
    slots: list = field(default_factory=list)

    @property
    def value(self):
        return f"{self.method}:{self.point.pk}"

    @property
    def method_label(self):
        return FulfilmentMethod(self.method).label


@dataclass
class ArtisanPart:
    """One artisan's lines of a basket and the ways they can reach the consumer."""

    vendor: Vendor
    fulfilment: VendorFulfilment
    lines: list
    subtotal: D
    delivery_cost: D | None
    pickups: list
    pays_online: bool = True

    @property
    def offers_delivery(self):
        return self.delivery_cost is not None

    @property
    def delivery_suspended(self):
        """The artisan delivers, but home delivery cannot be chosen now."""
        return self.fulfilment.delivers and not self.offers_delivery

    @property
    def pickups_suspended(self):
        """The artisan's pickups must be paid online, which cannot be done now."""
        return not pickups_offered(self.fulfilment, self.pays_online)

    def pickup(self, method, point_id):
        for option in self.pickups:
            if option.method == method and str(option.point.pk) == str(point_id):
                return option
        return None


def vendor_fulfilment(vendor):
    """The artisan's options; the model's defaults (home delivery) when unset."""
    try:
        return vendor.fulfilment
    except VendorFulfilment.DoesNotExist:
        return VendorFulfilment(vendor=vendor)


def delivery_offered(fulfilment, pays_online):
    """True when the artisan's part can be delivered to the consumer's home.

    The artisan delivers, the marketplace delivers (``DELIVERY_ENABLED``), and
    the consumer can pay online: a delivered part is never paid at pickup.
    """
    return fulfilment.delivers and settings.DELIVERY_ENABLED and pays_online


def pickups_offered(fulfilment, pays_online):
    """True when the artisan's pickups can be chosen: paid online, or at the
    pickup by an artisan who accepts it."""
    return pays_online or fulfilment.accepts_pay_at_pickup


def pickup_points(vendor, fulfilment):
    """The active points where ``vendor``'s goods can be collected: workshop first."""
    points = []
    if fulfilment.workshop_pickup:
        points += [
            (FulfilmentMethod.WORKSHOP_PICKUP, point)
            for point in PickupPoint.objects.active().filter(
                kind=PickupPointKind.WORKSHOP, vendor=vendor
            )
        ]
    if fulfilment.pk:
        points += [
            (FulfilmentMethod.POINT_PICKUP, point)
            for point in fulfilment.points.active().exclude(
                kind=PickupPointKind.WORKSHOP
            )
        ]
    return points


def artisan_parts(basket, *, pays_online, with_slots=True, now=None):
    """The basket's lines grouped by artisan, each with its delivery and pickups.

    ``pays_online`` says whether the checkout can take payment online; without
    it only what is paid at pickup is offered (see ``delivery_offered`` and
    ``pickups_offered``). ``with_slots=False`` leaves out pickups (enough to
    price home delivery). Lines of a partner that is no artisan's shop are
    left out.
    """
    lines = list(basket.all_lines())
    partner_ids = {line.stockrecord.partner_id for line in lines if line.stockrecord}
    vendors = {
        vendor.partner_id: vendor
        for vendor in Vendor.objects.filter(partner_id__in=partner_ids)
        .select_related("partner", "fulfilment")
        .order_by("partner__name")
    }
    grouped = {}
    for line in lines:
        vendor = vendors.get(line.stockrecord.partner_id) if line.stockrecord else None
        if vendor is not None:
            grouped.setdefault(vendor, []).append(line)

    parts = []
    for vendor in sorted(grouped, key=lambda v: (v.name, v.pk)):
        vendor_lines = grouped[vendor]
        fulfilment = vendor_fulfilment(vendor)
        if fulfilment.delivery_rate_per_kg:
            prefetch_related_objects(
                [line.product for line in vendor_lines],
                "attribute_values__attribute",
            )
        subtotal = sum(
            (line.line_price_incl_tax_incl_discounts for line in vendor_lines),
            D("0.00"),
        )
        pickups = []
        if with_slots and pickups_offered(fulfilment, pays_online):
            pickups = [
                PickupOption(
                    method=method,
                    point=point,
                    slots=list(bookable_slots(point, vendor, now)[:SLOTS_SHOWN]),
                )
                for method, point in pickup_points(vendor, fulfilment)
            ]
        parts.append(
            ArtisanPart(
                vendor=vendor,
                fulfilment=fulfilment,
                lines=vendor_lines,
                subtotal=subtotal,
                delivery_cost=(
                    delivery_cost(fulfilment, vendor_lines, subtotal)
                    if delivery_offered(fulfilment, pays_online)
                    else None
                ),
                pickups=pickups,
                pays_online=pays_online,
            )
        )
    return parts


def estimated_costs(parts):
    """(incl. tax, excl. tax) per artisan, with home delivery wherever offered."""
    return [
        cost_with_tax_part(part.vendor, part.delivery_cost or D("0.00"))
        for part in parts
    ]


def cost_with_tax_part(vendor, cost):
    """``(cost incl. tax, cost excl. tax)`` at the artisan's VAT rate."""
    excl_tax, _tax = split_tax_inclusive(cost, vendor.vat_rate)
    return cost, excl_tax


def resolve_choice(part, raw_choice, raw_slot, basket_id=None, now=None):
    """Check what the consumer chose for ``part``; return it as stored.

    ``raw_choice`` is ``delivery`` or ``<pickup method>:<point id>``;
    ``raw_slot`` the id of a slot at that point. Raises ``ChoiceRefused``
    with a message for the person when the choice is not one the artisan
    offers or the slot cannot be booked (another point's, over, full, closed).
    A place the basket already holds in the slot counts as available.
    """
    vendor = part.vendor
    raw_choice = (raw_choice or "").strip()
    if not raw_choice:
        raise ChoiceRefused(
            _("Please choose how to receive your order from %(vendor)s.")
            % {"vendor": vendor.name}
        )
    if raw_choice == FulfilmentMethod.DELIVERY:
        if part.delivery_suspended:
            raise ChoiceRefused(
                _(
                    "Home delivery is not available at the moment. Please choose "
                    "a pickup for %(vendor)s."
                )
                % {"vendor": vendor.name}
            )
        if not part.offers_delivery:
            raise ChoiceRefused(
                _("%(vendor)s does not offer home delivery.") % {"vendor": vendor.name}
            )
        return stored_choice(vendor, FulfilmentMethod.DELIVERY, cost=part.delivery_cost)

    method, _sep, point_id = raw_choice.partition(":")
    if method not in PICKUP_METHODS:
        raise ChoiceRefused(
            _("Please choose one of the ways %(vendor)s offers.")
            % {"vendor": vendor.name}
        )
    if part.pickups_suspended:
        raise ChoiceRefused(
            _(
                "%(vendor)s takes payment online only, which is not available "
                "at the moment."
            )
            % {"vendor": vendor.name}
        )
    option = part.pickup(method, point_id)
    if option is None:
        raise ChoiceRefused(
            _("%(vendor)s does not offer pickups at this place.")
            % {"vendor": vendor.name}
        )
    raw_slot = (raw_slot or "").strip()
    if not raw_slot.isdigit():
        raise ChoiceRefused(
            _("Please choose a time slot at %(point)s.") % {"point": option.point.name}
        )
    slot = (
        Slot.objects.select_related("point")
        .filter(pk=int(raw_slot), point=option.point)
        .first()
    )
    if slot is None:
        raise ChoiceRefused(
            _("This time slot is not one of %(point)s's.")
            % {"point": option.point.name}
        )
    try:
        check_slot_choice(slot, vendor, now)
    except SlotUnavailable as exc:
        raise ChoiceRefused(str(exc)) from None
    if slot.remaining <= 0 and not holds_place(basket_id, vendor, slot, now):
        raise ChoiceRefused(_("This time slot is full. Please choose another one."))
    return stored_choice(vendor, method, point=option.point, slot=slot)


def stored_choice(vendor, method, cost=D("0.00"), point=None, slot=None):
    """A choice as the checkout session keeps it (JSON: ids and strings)."""
    cost, cost_excl_tax = cost_with_tax_part(vendor, cost)
    return {
        "method": str(method),
        "point_id": point.pk if point else None,
        "slot_id": slot.pk if slot else None,
        "cost": str(cost),
        "cost_excl_tax": str(cost_excl_tax),
    }


def basket_fingerprint(basket):
    """What the choices were made for: the basket's offers and quantities."""
    return ",".join(
        f"{line.stockrecord_id}x{line.quantity}"
        for line in sorted(basket.all_lines(), key=lambda line: line.pk)
    )


def holds_place(basket_id, vendor, slot, now=None):
    """True when the basket has a live hold for ``vendor`` in ``slot``."""
    if basket_id is None:
        return False
    return (
        held_reservations(basket_id)
        .filter(vendor=vendor, slot=slot, hold_expires_at__gt=now or timezone.now())
        .exists()
    )


def held_reservations(basket_id):
    """The checkout holds of a basket not yet released or confirmed."""
    return Reservation.objects.filter(
        basket_id=basket_id, status=ReservationStatus.HELD
    )


def choice_summaries(parts, choices):
    """For the preview: each artisan's part with the chosen method, place, slot."""
    slot_ids = [c["slot_id"] for c in choices.values() if c.get("slot_id")]
    slots = Slot.objects.select_related("point").in_bulk(slot_ids)
    summaries = []
    for part in parts:
        choice = choices.get(part.vendor.pk)
        if choice is None:
            continue
        slot = slots.get(choice.get("slot_id"))
        summaries.append(
            {
                "vendor": part.vendor,
                "lines": part.lines,
                "subtotal": part.subtotal,
                "method": choice["method"],
                "method_label": FulfilmentMethod(choice["method"]).label,
                "cost": choice["cost"],
                "total": part.subtotal + D(str(choice["cost"])),
                "point": slot.point if slot else None,
                "slot": slot,
            }
        )
    return summaries


def pickup_qr_svg(code):
    """The pickup code as an inline SVG QR code (rendered here, no network)."""
    # Safe: segno's own SVG markup, for a code of A-Z and 2-9 only.
    return mark_safe(
        segno.make(format_code(code), error="m").svg_inline(
            scale=4, title=format_code(code)
        )
    )


def pickup_qr_data_uri(code):
    """The pickup code as a PNG data URI, for e-mails (where SVG is rarely shown)."""
    return segno.make(format_code(code), error="m").png_data_uri(scale=4)


def pickup_of(vendor_order, qr="svg"):
    """Where and when a pickup part is collected, with its code while it can be.

    ``{"reservation", "point", "slot", "is_workshop", "pickup_code", "qr_code"}``
    (the code and its QR code, ``qr`` "svg" or "png", only while the booking
    stands and the parcel is still to collect), or None for a part without a
    booking (home delivery). Reads ``vendor_order.reservation`` (select it).
    """
    try:
        reservation = vendor_order.reservation
    except Reservation.DoesNotExist:
        return None
    pickup = {
        "reservation": reservation,
        "point": reservation.slot.point,
        "slot": reservation.slot,
        "is_workshop": reservation.slot.point.kind == PickupPointKind.WORKSHOP,
        "pickup_code": "",
        "qr_code": "",
    }
    collectable = (
        reservation.status == ReservationStatus.CONFIRMED
        and reservation.parcel_status not in COLLECTED_OR_RETURNED
        and reservation.pickup_code
    )
    if collectable:
        pickup["pickup_code"] = format_code(reservation.pickup_code)
        pickup["qr_code"] = (
            pickup_qr_data_uri(reservation.pickup_code)
            if qr == "png"
            else pickup_qr_svg(reservation.pickup_code)
        )
    return pickup


def order_fulfilment(order, qr="svg"):
    """Each artisan's part of a placed order: method, cost and, for pickups,
    place, slot and pickup code with its QR code (``qr``: "svg" or "png")."""
    vendor_orders = order.vendor_orders.select_related(
        "vendor__partner", "reservation__slot__point"
    ).order_by("number")
    parts = []
    for vendor_order in vendor_orders:
        pickup = pickup_of(vendor_order, qr=qr)
        part = {
            "vendor_order": vendor_order,
            "vendor": vendor_order.vendor,
            "method": vendor_order.fulfilment_method,
            "method_label": vendor_order.get_fulfilment_method_display(),
            "cost": vendor_order.fulfilment_cost,
            "is_pickup": vendor_order.fulfilment_method in PICKUP_METHODS,
            "reservation": pickup["reservation"] if pickup else None,
        }
        if pickup is not None and pickup["pickup_code"]:
            part.update(
                point=pickup["point"],
                slot=pickup["slot"],
                pickup_code=pickup["pickup_code"],
                qr_code=pickup["qr_code"],
            )
        parts.append(part)
    return parts
