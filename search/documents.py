"""What a search index knows about a product or an artisan, read from the tables.

Products are indexed when the contract of ``search.backends.base`` says a
consumer may find them (``indexable_products``); each one becomes a flat dict
carrying everything search, narrowing and sorting need, so that answering a
query never touches the database. Building documents costs a constant number
of queries, whatever the number of products.
"""

import html
import re

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from oscar.core.loading import get_model

from vendors.models import Vendor, VendorLabel

from .backends.base import price_range_of
from .facts import fold, fulfilment_by_vendor

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


def selling_offers():
    """Stock records of artisans who are selling (approved, not on vacation)."""
    return StockRecord._default_manager.filter(
        partner__vendor__in=Vendor.objects.selling()
    )


def indexable_products():
    """Products a consumer may find: public, browsable (standalone or parent),
    offered by a selling artisan (a parent through its children's offers)."""
    offers = selling_offers()
    return Product._default_manager.browsable().filter(
        Exists(offers.filter(product=OuterRef("pk")))
        | Exists(offers.filter(product__parent=OuterRef("pk")))
    )


def indexable_product_ids():
    """Ids of ``indexable_products``, in id order (a queryset of ints)."""
    return indexable_products().order_by("pk").values_list("pk", flat=True)


def indexable_vendors():
    """Artisans listed in the directory: approved, on vacation or not."""
    return Vendor.objects.approved()


def product_ids_of_vendors(vendor_ids):
    """Ids of every product (parents for children) any of these artisans offers,
    whatever the artisan's status, so that their index entries can be removed."""
    rows = StockRecord._default_manager.filter(
        partner__vendor__in=vendor_ids
    ).values_list("product_id", "product__parent_id")
    return sorted({parent_id or product_id for product_id, parent_id in rows})


def plain_text(markup):
    """The words of an HTML description, without tags or entities."""
    return " ".join(html.unescape(strip_tags(markup or "")).split())


def location_of(vendor):
    """The artisan's workshop as an Elasticsearch ``geo_point``, or None."""
    return location_at(vendor.latitude, vendor.longitude)


def location_at(latitude, longitude):
    """``{"lat", "lon"}`` of a workshop's coordinates, or None without both."""
    if latitude is None or longitude is None:
        return None
    return {"lat": float(latitude), "lon": float(longitude)}


def label_names(codes):
    """The French names of label codes, and the codes as words ("fait main"),
    so that a consumer typing either finds the artisan."""
    names = dict(VendorLabel.choices)
    with translation.override(settings.LANGUAGE_CODE):
        words = [str(names[code]) for code in codes if code in names]
    return words + [code.replace("_", " ") for code in codes]


def is_in_stock(tracks_stock, offer):
    """True when the offer (a row of ``OFFER_FIELDS``) has stock that is not
    allocated, or does not track stock (no stock level, or a product class
    that does not track it: ``tracks_stock`` False)."""
    if not tracks_stock:
        return True
    if offer["num_in_stock"] is None:
        return True
    return offer["num_in_stock"] - (offer["num_allocated"] or 0) > 0


# Columns read for the documents: rows, not model instances, since building
# documents for a whole catalogue is mostly the cost of what is read per row.
PRODUCT_FIELDS = (
    "pk",
    "slug",
    "title",
    "description",
    "rating",
    "date_created",
    "product_class_id",
    "product_class__track_stock",
)
OFFER_FIELDS = (
    "pk",
    "product_id",
    "product__parent_id",
    "product__date_created",
    "price",
    "num_in_stock",
    "num_allocated",
    "partner__vendor__id",
)
ARTISAN_FIELDS = (
    "pk",
    "partner__name",
    "slug",
    "metier",
    "commune",
    "labels",
    "latitude",
    "longitude",
)
SLUG_SENTINEL, PK_SENTINEL = "slug-sentinel", 987654321
URL_SAFE_SLUG = re.compile(r"[A-Za-z0-9_-]*")


def product_url_maker():
    """A function ``(slug, pk) -> Product.get_absolute_url()``, without a
    ``reverse`` per product (it costs as much as the rest of a document).

    The URL is reversed once with sentinels and the pieces around them kept;
    a slug that ``reverse`` would quote (or a pattern the sentinels do not
    split cleanly) goes through ``reverse`` itself.
    """

    def by_reverse(slug, pk):
        return reverse("catalogue:detail", kwargs={"product_slug": slug, "pk": pk})

    pieces = by_reverse(SLUG_SENTINEL, PK_SENTINEL).split(SLUG_SENTINEL)
    if len(pieces) != 2 or pieces[1].count(str(PK_SENTINEL)) != 1:
        return by_reverse
    head = pieces[0]
    middle, end = pieces[1].split(str(PK_SENTINEL))

    def by_format(slug, pk):
        if not URL_SAFE_SLUG.fullmatch(slug):
            return by_reverse(slug, pk)
        return f"{head}{slug}{middle}{pk}{end}"

    return by_format


def artisan_fields(vendor_ids, known=None):
    """``{vendor id: fields}``: what a product document says of its artisan.

    ``known`` is a dict shared by the caller across calls (a rebuild's
    batches): artisans already in it cost nothing, the others are read (two
    queries plus ``fulfilment_by_vendor``'s three) and added to it.
    """
    known = {} if known is None else known
    missing = set(vendor_ids) - set(known)
    if missing:
        fulfilment = fulfilment_by_vendor(missing)
        for row in Vendor.objects.filter(pk__in=sorted(missing)).values(
            *ARTISAN_FIELDS
        ):
            known[row["pk"]] = {
                "artisan_id": row["pk"],
                "artisan_name": row["partner__name"],
                "artisan_slug": row["slug"],
                "metier": row["metier"],
                "commune": row["commune"],
                "labels": list(row["labels"]),
                "label_names": label_names(row["labels"]),
                "location": location_at(row["latitude"], row["longitude"]),
                "fulfilment": fulfilment[row["pk"]],
            }
    return known


def product_documents(product_ids, artisans=None):
    """One document per indexable product of ``product_ids`` (others are absent).

    A constant number of queries: the products with their class, the
    selling offers of products and children, the categories, and the
    artisans (``artisan_fields``, cached in ``artisans`` when given).
    """
    product_ids = sorted(set(product_ids))
    return build_product_documents(
        Q(pk__in=product_ids),
        Q(product__in=product_ids) | Q(product__parent__in=product_ids),
        Q(product__in=product_ids),
        artisans,
    )


def product_documents_between(first_id, last_id, artisans=None):
    """``product_documents`` of the indexable products with ids from
    ``first_id`` to ``last_id``: a rebuild's batch, read by a range rather
    than a list of ids (a long ``IN`` list is slow to send and to plan)."""
    # ``range`` is not a lookup of foreign keys: its two halves are.
    return build_product_documents(
        Q(pk__gte=first_id, pk__lte=last_id),
        Q(product__gte=first_id, product__lte=last_id)
        | Q(product__parent__gte=first_id, product__parent__lte=last_id),
        Q(product__gte=first_id, product__lte=last_id),
        artisans,
    )


def build_product_documents(products_q, offers_q, categories_q, artisans):
    """The documents of the indexable products ``products_q`` keeps.

    ``offers_q`` and ``categories_q`` pick the same products' offers (their
    own and their children's) and categories; rows of other products are
    ignored.
    """
    products = list(
        indexable_products().filter(products_q).order_by("pk").values(*PRODUCT_FIELDS)
    )
    wanted = {row["pk"] for row in products}

    # A product's own offers first, then its children's, newest child first
    # (the order of ``product.children``).
    own, of_children = {}, {}
    for offer in selling_offers().filter(offers_q).order_by("pk").values(*OFFER_FIELDS):
        if offer["product__parent_id"] is None:
            own.setdefault(offer["product_id"], []).append(offer)
        else:
            of_children.setdefault(offer["product__parent_id"], []).append(offer)
    offers_of = {}
    for pk in wanted:
        children = sorted(
            of_children.get(pk, []),
            key=lambda offer: offer["product__date_created"],
            reverse=True,
        )
        offers_of[pk] = own.get(pk, []) + children

    categories_of = {}
    for product_id, category_id, name in (
        ProductCategory._default_manager.filter(categories_q)
        .order_by("product_id", "category__path")
        .values_list("product_id", "category_id", "category__name")
    ):
        if product_id in wanted:
            categories_of.setdefault(product_id, []).append((category_id, name))

    artisans = artisan_fields(
        {offer["partner__vendor__id"] for pk in wanted for offer in offers_of[pk]},
        artisans,
    )
    product_url = product_url_maker()
    documents = []
    for product in products:
        offers = offers_of[product["pk"]]
        if not offers:
            continue
        priced = [offer for offer in offers if offer["price"] is not None]
        cheapest = min(priced, key=lambda offer: offer["price"]) if priced else None
        artisan = artisans[(cheapest or offers[0])["partner__vendor__id"]]
        price = cheapest["price"] if cheapest else None
        # A child's class is its parent's.
        tracks_stock = (
            product["product_class_id"] is None or product["product_class__track_stock"]
        )
        categories = categories_of.get(product["pk"], [])
        documents.append(
            {
                "id": product["pk"],
                "title": product["title"],
                "title_sort": fold(product["title"]),
                "description": plain_text(product["description"]),
                "category_ids": [str(pk) for pk, _ in categories],
                "category_names": [name for _, name in categories],
                "artisan_id": artisan["artisan_id"],
                "artisan_name": artisan["artisan_name"],
                "artisan_slug": artisan["artisan_slug"],
                "metier": artisan["metier"],
                "commune": artisan["commune"],
                # Copies: documents do not share what a caller might change.
                "labels": list(artisan["labels"]),
                "label_names": list(artisan["label_names"]),
                "location": artisan["location"] and dict(artisan["location"]),
                "price": float(price) if price is not None else None,
                "price_range": price_range_of(price),
                "in_stock": any(is_in_stock(tracks_stock, offer) for offer in offers),
                "fulfilment": list(artisan["fulfilment"]),
                "rating": product["rating"],
                "date_created": product["date_created"].isoformat(),
                "url": product_url(product["slug"], product["pk"]),
            }
        )
    return documents


def artisan_documents(vendor_ids):
    """One directory document per approved artisan of ``vendor_ids``."""
    vendors = (
        indexable_vendors()
        .filter(pk__in=list(vendor_ids))
        .select_related("partner")
        .order_by("pk")
    )
    return [
        {
            "id": vendor.pk,
            "name": vendor.partner.name,
            "name_sort": fold(vendor.partner.name),
            "slug": vendor.slug,
            "metier": vendor.metier,
            "commune": vendor.commune,
            "labels": list(vendor.labels),
            "label_names": label_names(vendor.labels),
            "location": location_of(vendor),
            "url": vendor.get_absolute_url(),
        }
        for vendor in vendors
    ]
