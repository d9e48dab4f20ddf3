"""Reads behind the public pages of the artisans: directory and e-boutiques.

Each function returns what a page shows in a fixed number of queries, however
many artisans or products there are.
"""

from django.db.models import Avg, Count, F, OuterRef, Subquery
from django.shortcuts import get_object_or_404
from oscar.core.loading import get_model

from search.fetch import products_for_display

from .models import Vendor, VendorApplication, VendorStatus
from .scoping import products_sold_by, stockrecords_of

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
    vendors = Vendor.objects.approved().select_related("partner")
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
        Vendor.objects.select_related("partner").filter(status__in=STOREFRONT_STATUSES),
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
