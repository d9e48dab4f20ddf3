"""What the home page shows around its editorial blocks: the campaign first,
then products (near the visitor's remembered place, else the newest on sale),
featured artisans and the map.

The products on sale are the catalogue's own (``search.documents``), found
through the configured search backend like the catalogue finds them.
"""

import logging
from dataclasses import dataclass, field

from search.backends import ProductQuery, get_search_backend
from search.backends.base import SearchUnavailable
from search.documents import indexable_products
from search.facts import distance_km
from search.fetch import products_for_display
from search.place import remembered_place
from vendors.models import Vendor

logger = logging.getLogger(__name__)

NEAR_PRODUCTS = 8
FEATURED_ARTISANS = 4


@dataclass
class HomeSections:
    campaign: object = None
    latest: object = None
    blocks: list = field(default_factory=list)
    place_name: str = ""
    place: object = None
    near_products: list = field(default_factory=list)
    artisans: list = field(default_factory=list)


def latest_on_sale(count):
    """The ``count`` newest products a consumer can buy, newest first."""
    return list(
        indexable_products()
        .base_queryset()
        .prefetch_related("stockrecords__partner__vendor")
        .order_by("-date_created", "-id")[:count]
    )


def products_near(point, count=NEAR_PRODUCTS):
    """The products on sale nearest ``point``, each with its ``distance_km``."""
    query = ProductQuery(sort="distance", near=point)
    try:
        page = get_search_backend().search(query, 0, count)
    except SearchUnavailable as exc:
        logger.warning("Search backend unavailable for the home page: %s", exc)
        page = get_search_backend("database").search(query, 0, count)
    return products_for_display(page.product_ids, page.distances)


def featured_artisans(point=None, count=FEATURED_ARTISANS):
    """Selling artisans with products on sale: the nearest ``point`` when one
    is known, else the newest shops."""
    vendors = (
        Vendor.objects.selling()
        .filter(partner__stockrecords__product__in=indexable_products())
        .select_related("partner")
        .distinct()
    )
    if point is None:
        return list(vendors.order_by("-created_at", "-pk")[:count])
    located = list(vendors.exclude(latitude=None).exclude(longitude=None))
    for vendor in located:
        vendor.distance_km = distance_km(
            float(vendor.latitude), float(vendor.longitude), point.lat, point.lon
        )
    return sorted(located, key=lambda v: (v.distance_km, v.name))[:count]


def home_sections(page, request):
    """The home page's blocks split around what the template places itself."""
    sections = HomeSections()
    for block in page.body:
        if block.block_type == "call_to_action" and sections.campaign is None:
            sections.campaign = block
        elif block.block_type == "latest_products" and sections.latest is None:
            sections.latest = block
        else:
            sections.blocks.append(block)
    name, point = remembered_place(request)
    if point is not None:
        sections.place_name = name
        sections.place = point
        sections.near_products = products_near(point)
    sections.artisans = featured_artisans(point)
    return sections
