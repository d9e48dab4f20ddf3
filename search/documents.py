"""What a search index knows about a product or an artisan, read from the tables.

Products are indexed when the contract of ``search.backends.base`` says a
consumer may find them (``indexable_products``); each one becomes a flat dict
carrying everything search, narrowing and sorting need, so that answering a
query never touches the database. Building documents costs a constant number
of queries, whatever the number of products.
"""

import html

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import translation
from django.utils.html import strip_tags
from oscar.core.loading import get_model

from vendors.models import Vendor, VendorLabel

from .backends.base import price_range_of
from .facts import fold, fulfilment_by_vendor

Product = get_model("catalogue", "Product")
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
    if vendor.latitude is None or vendor.longitude is None:
        return None
    return {"lat": float(vendor.latitude), "lon": float(vendor.longitude)}


def label_names(codes):
    """The French names of label codes, and the codes as words ("fait main"),
    so that a consumer typing either finds the artisan."""
    names = dict(VendorLabel.choices)
    with translation.override(settings.LANGUAGE_CODE):
        words = [str(names[code]) for code in codes if code in names]
    return words + [code.replace("_", " ") for code in codes]


def is_in_stock(product, offer):
    """True when the offer has stock that is not allocated, or does not track
    stock (no stock level, or a product class that does not track it)."""
    product_class = product.get_product_class()
    if product_class is not None and not product_class.track_stock:
        return True
    if offer.num_in_stock is None:
        return True
    return offer.num_in_stock - (offer.num_allocated or 0) > 0


def product_documents(product_ids):
    """One document per indexable product of ``product_ids`` (others are absent).

    A constant number of queries: products with their class and categories,
    the selling offers of products and children with their artisans, and the
    artisans' fulfilment options.
    """
    offers = selling_offers().select_related("partner__vendor")
    products = list(
        indexable_products()
        .filter(pk__in=list(product_ids))
        .select_related("product_class")
        .prefetch_related(
            "categories",
            Prefetch("stockrecords", queryset=offers),
            Prefetch(
                "children",
                queryset=Product._default_manager.prefetch_related(
                    Prefetch("stockrecords", queryset=offers)
                ),
            ),
        )
        .order_by("pk")
    )

    offers_of = {}
    for product in products:
        pairs = [(product, offer) for offer in product.stockrecords.all()]
        for child in product.children.all():
            # A child's class is its parent's: no query to find it.
            child.parent = product
            pairs += [(child, offer) for offer in child.stockrecords.all()]
        offers_of[product.pk] = pairs
    fulfilment = fulfilment_by_vendor(
        offer.partner.vendor.pk for pairs in offers_of.values() for _, offer in pairs
    )

    documents = []
    for product in products:
        pairs = offers_of[product.pk]
        if not pairs:
            continue
        priced = [offer for _, offer in pairs if offer.price is not None]
        cheapest = min(priced, key=lambda offer: offer.price) if priced else None
        vendor = (cheapest or pairs[0][1]).partner.vendor
        price = cheapest.price if cheapest else None
        categories = list(product.categories.all())
        documents.append(
            {
                "id": product.pk,
                "title": product.title,
                "title_sort": fold(product.title),
                "description": plain_text(product.description),
                "category_ids": [str(category.pk) for category in categories],
                "category_names": [category.name for category in categories],
                "artisan_id": vendor.pk,
                "artisan_name": vendor.partner.name,
                "artisan_slug": vendor.slug,
                "metier": vendor.metier,
                "commune": vendor.commune,
                "labels": list(vendor.labels),
                "label_names": label_names(vendor.labels),
                "location": location_of(vendor),
                "price": float(price) if price is not None else None,
                "price_range": price_range_of(price),
                "in_stock": any(is_in_stock(item, offer) for item, offer in pairs),
                "fulfilment": fulfilment[vendor.pk],
                "rating": product.rating,
                "date_created": product.date_created.isoformat(),
                "url": product.get_absolute_url(),
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
