"""Reads behind the public pages of the artisans: directory and e-boutiques,
and the consumer's view of their order's parts.

Each function returns what a page shows in a fixed number of queries, however
many artisans, products, parts or steps there are.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, F, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from delivery.checkout import pickup_of
from delivery.models import ParcelStatus
from search.fetch import products_for_display
from shop.apps.payment.fetch import amounts_to_collect
from shop.apps.payment.models import CollectionMethod

from .models import (
    FulfilmentMethod,
    Vendor,
    VendorApplication,
    VendorOrderEvent,
    VendorOrderStatus,
    VendorStatus,
)
from .scoping import products_sold_by, stockrecords_of

LineAttribute = get_model("order", "LineAttribute")
ProductReview = get_model("reviews", "ProductReview")

# A suspended shop keeps its page (with a notice); a closed one disappears.
STOREFRONT_STATUSES = (VendorStatus.APPROVED, VendorStatus.SUSPENDED)

# Sort keys of an e-boutique's products, the first being the default.
PRODUCT_ORDERINGS = {
    "newest": ("-date_created", "-pk"),
    "price-asc": (F("shop_price").asc(nulls_last=True), "pk"),
    "price-desc": (F("shop_price").desc(nulls_last=True), "pk"),
    "title": ("title", "pk"),
}
DEFAULT_PRODUCT_ORDERING = "newest"


def directory_vendors(metier="", commune=""):
    """Approved shops for the directory, optionally of one craft and one town."""
    vendors = Vendor.objects.approved().select_related(
        "partner", "town__parent", "town__departement"
    )
    if metier:
        vendors = vendors.filter(metier=metier)
    if commune:
        vendors = vendors.filter(commune=commune)
    return vendors.order_by("partner__name", "pk")


def directory_filter_values():
    """The crafts and towns of approved shops, for the directory's filters."""
    approved = Vendor.objects.approved().order_by()
    return {
        "metiers": list(
            approved.values_list("metier", flat=True).distinct().order_by("metier")
        ),
        "communes": list(
            approved.values_list("commune", flat=True).distinct().order_by("commune")
        ),
    }


def storefront_vendor(slug):
    """The shop behind an e-boutique's address, or a 404 (unknown or closed)."""
    return get_object_or_404(
        Vendor.objects.select_related(
            "partner", "town__parent", "town__departement"
        ).filter(status__in=STOREFRONT_STATUSES),
        slug=slug,
    )


def storefront_product_ids(vendor, sort=DEFAULT_PRODUCT_ORDERING):
    """Ids of the shop's browsable products in ``sort`` order (a lazy queryset).

    Paginate this, then load one page with ``storefront_products``: counting
    and slicing ids is cheap, and the page's products are fetched in one batch.
    """
    ordering = PRODUCT_ORDERINGS.get(sort, PRODUCT_ORDERINGS[DEFAULT_PRODUCT_ORDERING])
    shop_price = stockrecords_of(vendor).filter(product=OuterRef("pk")).order_by("pk")
    return (
        products_sold_by(vendor)
        .filter(parent=None, is_public=True)
        .annotate(shop_price=Subquery(shop_price.values("price")[:1]))
        .order_by(*ordering)
        .values_list("pk", flat=True)
        .distinct()
    )


def storefront_products(product_ids):
    """The products with ``product_ids``, in order, with what a tile shows."""
    return products_for_display(list(product_ids))


def vendor_rating(vendor):
    """Average score and number of the approved reviews of the shop's products.

    Returns ``{"average": float or None, "count": int}``.
    """
    result = ProductReview._default_manager.filter(
        product__in=products_sold_by(vendor).values("pk"),
        status=ProductReview.APPROVED,
    ).aggregate(average=Avg("score"), count=Count("pk"))
    return {"average": result["average"], "count": result["count"]}


def latest_application(user):
    """The account's most recent application to open a shop, or None."""
    if not user.is_authenticated:
        return None
    return VendorApplication.objects.filter(user=user).order_by("-created_at").first()


# The consumer's order, artisan by artisan
# ------------------------------------------------------------------------------


@dataclass
class TimelineStep:
    """One step of a part as its customer reads it: when, what, why."""

    event: VendorOrderEvent
    label: str
    reason: str = ""
    refunded: str = ""
    collected: str = ""
    collected_method: str = ""


@dataclass
class CustomerOrderPart:
    """One artisan's part of an order, as the consumer follows it."""

    vendor_order: object
    vendor: Vendor
    status_label: str
    lines: list
    pickup: dict | None
    amount_to_collect: Decimal | None
    timeline: list = field(default_factory=list)

    @property
    def is_pickup(self):
        return self.vendor_order.is_pickup

    @property
    def is_closed(self):
        return self.vendor_order.is_closed

    @property
    def method_label(self):
        return self.vendor_order.get_fulfilment_method_display()


def customer_part_status_label(vendor_order, pickup):
    """The words for a part's status as its customer reads them.

    A drive or relay parcel its artisan marked ready is not at its point
    until logistics staff check it in (the customer is told then): until
    then it is on its way, not ready to collect.
    """
    on_its_way = (
        vendor_order.status == VendorOrderStatus.READY
        and vendor_order.fulfilment_method == FulfilmentMethod.POINT_PICKUP
        and pickup is not None
        and pickup["reservation"].parcel_status == ParcelStatus.AWAITED
    )
    if on_its_way:
        return _("On its way to the pickup point")
    return vendor_order.get_status_display()


@dataclass
class StepFacts:
    """What a step recorded besides the status (``VendorOrderEvent.details``)."""

    carrier: str = ""
    tracking_number: str = ""
    collected: str = ""
    collected_method: str = ""
    refunded: str = ""
    restocked: bool | None = None
    point: str = ""

    @classmethod
    def of(cls, event):
        details = event.details or {}
        return cls(
            carrier=details.get("carrier", ""),
            tracking_number=details.get("tracking_number", ""),
            collected=details.get("collected", ""),
            collected_method=details.get("collected_method", ""),
            refunded=details.get("refunded", ""),
            restocked=details.get("restocked"),
            point=details.get("point", ""),
        )

    @property
    def collected_method_label(self):
        try:
            return CollectionMethod(self.collected_method).label
        except ValueError:
            return self.collected_method


def part_history(vendor_order):
    """The steps of a part, oldest first, each with who took it and its
    ``facts`` (for the back office and the staff dashboard)."""
    events = list(vendor_order.events.select_related("user"))
    for event in events:
        event.facts = StepFacts.of(event)
    return events


def timeline_of(vendor_order):
    """The steps of a part as its customer reads them (prefetched ``events``),
    oldest first."""
    steps = []
    for event in vendor_order.events.all():
        facts = StepFacts.of(event)
        steps.append(
            TimelineStep(
                event=event,
                label=(
                    event.get_action_display()
                    if event.action
                    else event.get_to_status_display()
                ),
                reason=event.reason,
                refunded=facts.refunded,
                collected=facts.collected,
                collected_method=facts.collected_method,
            )
        )
    return steps


def reviewable_product_ids(user, products):
    """Ids of ``products`` that ``user`` may review (Oscar's rule: one review
    per account and product; anonymous reviews when the settings allow them),
    in one query at most."""
    product_ids = {product.pk for product in products}
    if not user.is_authenticated:
        return product_ids if settings.OSCAR_ALLOW_ANON_REVIEWS else set()
    reviewed = set(
        ProductReview._default_manager.filter(
            user=user, product_id__in=product_ids
        ).values_list("product_id", flat=True)
    )
    return product_ids - reviewed


def customer_order_parts(order, user=None):
    """Each artisan's part of ``order`` as its customer follows it, by number.

    Per part: its status in the customer's words, its fulfilment, its pickup
    (``delivery.checkout.pickup_of``: place, slot, and the code with its SVG
    QR code while the parcel can be collected), its lines (each with
    ``may_review`` when ``user`` is given), what is still to pay at pickup,
    and its timeline. A fixed number of queries (parts, steps, lines, what is
    to pay at pickup, the user's reviews), whatever the number of parts,
    lines and steps.
    """
    vendor_orders = list(
        order.vendor_orders.select_related(
            "vendor__partner", "reservation__slot__point"
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=VendorOrderEvent.objects.order_by("created_at", "id"),
            )
        )
        .order_by("number")
    )
    lines = list(
        order.lines.select_related("product")
        .prefetch_related(
            Prefetch(
                "attributes",
                queryset=LineAttribute._default_manager.select_related("option"),
            )
        )
        .order_by("pk")
    )
    may_review = set()
    if user is not None:
        may_review = reviewable_product_ids(
            user, [line.product for line in lines if line.product is not None]
        )
    lines_by_partner = {}
    for line in lines:
        line.may_review = line.product_id in may_review
        lines_by_partner.setdefault(line.partner_id, []).append(line)
    to_collect = amounts_to_collect(vendor_orders)

    parts = []
    for vendor_order in vendor_orders:
        pickup = pickup_of(vendor_order, qr="svg")
        parts.append(
            CustomerOrderPart(
                vendor_order=vendor_order,
                vendor=vendor_order.vendor,
                status_label=customer_part_status_label(vendor_order, pickup),
                lines=lines_by_partner.get(vendor_order.vendor.partner_id, []),
                pickup=pickup,
                amount_to_collect=to_collect.get(vendor_order.pk),
                timeline=timeline_of(vendor_order),
            )
        )
    return parts
