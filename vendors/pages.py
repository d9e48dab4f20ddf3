"""What the product page tells about the artisan behind a product and how to
get it from them: where it is made (and how far from the visitor), the
delivery price, workshop collection and the drive or relay points with their
next free slots.

Reads only, in a fixed number of queries however many points the artisan
serves. The rules are those of the checkout: ``delivery.checkout`` says what
an artisan offers, ``delivery.actions.open_slots`` which slots are open.
"""

from dataclasses import dataclass, field
from decimal import Decimal as D

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from delivery.actions import earliest_bookable_start, open_slots
from delivery.checkout import (
    delivery_offered,
    pickup_points,
    pickups_offered,
    vendor_fulfilment,
)
from delivery.models import Closure
from delivery.pricing import delivery_cost
from search.facts import distance_km
from shop.apps.core import pagecache
from shop.apps.payment import stripe_api
from vendors.models import FulfilmentMethod, Vendor

from . import fetch

# How many of a point's next free slots the product page names.
SLOTS_SHOWN = 3
# How many of the product's approved reviews it shows, newest first.
REVIEWS_SHOWN = 3


@dataclass
class OneUnit:
    """One unit of the product, priced like a basket line by ``delivery_cost``."""

    product: object
    quantity: int = 1


@dataclass
class PickupFacts:
    method: str
    point: object
    slots: list = field(default_factory=list)

    @property
    def at_workshop(self):
        return self.method == FulfilmentMethod.WORKSHOP_PICKUP


@dataclass
class ProductFacts:
    vendor: Vendor
    delivery_cost: D | None = None
    free_delivery_above: D | None = None
    pickups: list = field(default_factory=list)
    place_name: str = ""
    distance_km: float | None = None
    rating: dict = field(default_factory=dict)
    review_count: int = 0
    latest_reviews: list = field(default_factory=list)

    @property
    def workshop(self):
        return next((p for p in self.pickups if p.at_workshop), None)

    @property
    def points(self):
        return [p for p in self.pickups if not p.at_workshop]

    @property
    def offers_anything(self):
        return self.delivery_cost is not None or bool(self.pickups)


def product_vendor(product):
    """The artisan who sells ``product`` (a parent: through its variants), or None."""
    return (
        Vendor.objects.select_related("partner", "fulfilment")
        .filter(
            Q(partner__stockrecords__product=product)
            | Q(partner__stockrecords__product__parent=product)
        )
        .order_by("pk")
        .first()
    )


def next_free_slots(vendor, points, now=None, limit=SLOTS_SHOWN):
    """``{point id: [slots]}``: the next ``limit`` open slots of each point for
    ``vendor``, in two queries (the closures, then one union of the slots)."""
    if not points:
        return {}
    now = now or timezone.now()
    closures = {}
    for point_id, start, end in Closure.objects.filter(point__in=points).values_list(
        "point_id", "start_date", "end_date"
    ):
        closures.setdefault(point_id, []).append((start, end))
    per_point = [
        open_slots(point, vendor, now, closed_days=closures.get(point.pk, []))
        for point in points
    ]
    if connection.features.supports_slicing_ordering_in_compound:
        per_point = [slots[:limit] for slots in per_point]
    else:
        # SQLite (the embedded default) allows neither LIMIT nor ORDER BY
        # inside a UNION: the one query brings every open slot of the
        # points, and the first ``limit`` of each are kept below.
        per_point = [slots.order_by() for slots in per_point]
    slots = (
        per_point[0].union(*per_point[1:], all=True)
        if len(per_point) > 1
        else per_point[0][:limit]
    )
    found = {point.pk: [] for point in points}
    for slot in sorted(slots, key=lambda s: s.starts_at):
        if len(found[slot.point_id]) < limit:
            found[slot.point_id].append(slot)
    return found


def unit_price_incl_tax(request, product):
    """The price of one unit as the shop's strategy gives it, or zero."""
    strategy = getattr(request, "strategy", None)
    if strategy is None or product.is_parent:
        return D("0.00")
    info = strategy.fetch_for_product(product)
    if not info.price.exists or not info.price.is_tax_known:
        return D("0.00")
    return info.price.incl_tax


def fulfilment_facts(vendor, lines=(), subtotal=D("0.00"), now=None):
    """``ProductFacts`` of how ``vendor`` hands goods over: the delivery price
    of ``lines`` (the flat rate without any), the workshop and the points
    with their next free slots. Used by the product page and the storefront."""
    fulfilment = vendor_fulfilment(vendor)
    pays_online = stripe_api.is_configured()
    facts = ProductFacts(vendor=vendor)
    if delivery_offered(fulfilment, pays_online):
        facts.free_delivery_above = fulfilment.free_delivery_above
        facts.delivery_cost = delivery_cost(fulfilment, list(lines), subtotal)
    if pickups_offered(fulfilment, pays_online):
        offered = pickup_points(vendor, fulfilment)
        slots = next_free_slots(vendor, [point for _method, point in offered], now)
        expire_with_first_slots(vendor, offered, slots, now)
        facts.pickups = [
            PickupFacts(method=method, point=point, slots=slots.get(point.pk, []))
            for method, point in offered
        ]
    return facts


def expire_with_first_slots(vendor, offered, slots, now=None):
    """A cached page showing these slots ends when the first of them can no
    longer be booked (shop.apps.core.pagecache)."""
    now = now or timezone.now()
    for _method, point in offered:
        shown = slots.get(point.pk)
        if shown:
            lead = earliest_bookable_start(point, vendor, now) - now
            pagecache.expires_by(shown[0].starts_at - lead)


def product_facts(product, request=None, place=("", None), now=None):
    """The ``ProductFacts`` of ``product``, or None when no artisan sells it.

    ``place`` is the visitor's ``(name, GeoPoint)`` (``search.place``).
    """
    vendor = product_vendor(product)
    if vendor is None:
        return None
    facts = fulfilment_facts(
        vendor, [OneUnit(product)], unit_price_incl_tax(request, product), now
    )
    facts.rating = fetch.vendor_rating(vendor)
    approved = product.reviews.approved()
    facts.review_count = approved.count()
    if facts.review_count:
        facts.latest_reviews = list(
            approved.select_related("user").order_by("-date_created", "-pk")[
                :REVIEWS_SHOWN
            ]
        )
    name, point = place
    located = vendor.latitude is not None and vendor.longitude is not None
    if point is not None and located:
        facts.place_name = name
        facts.distance_km = distance_km(
            float(vendor.latitude), float(vendor.longitude), point.lat, point.lon
        )
    return facts
