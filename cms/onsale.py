"""What editorial pages may show of the shop: only what can be bought.

One rule for every block, chooser and page type of ``cms``: the catalogue's
own queryset (``search.documents.indexable_products``) for products, and the
selling artisans (approved, not on vacation) for shops. Editors choose rows;
these functions keep the chosen rows that are on sale right now, in the order
chosen.
"""

from search.documents import indexable_products
from vendors.models import Vendor


def products_on_sale():
    """Products a consumer can buy now, ready for tiles (stock records and
    their artisans loaded)."""
    return (
        indexable_products()
        .base_queryset()
        .prefetch_related("stockrecords__partner__vendor")
    )


def artisans_selling():
    """Shops whose products can be bought now."""
    return Vendor.objects.selling().select_related("partner")


def keep_order(rows, ids):
    """``rows`` sorted as ``ids`` were given, missing ones left out."""
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def chosen_products(ids):
    """Of the products chosen (by id, in order), those on sale."""
    ids = [pk for pk in ids if pk is not None]
    return keep_order(products_on_sale().filter(pk__in=ids), ids)


def chosen_artisans(ids):
    """Of the shops chosen (by id, in order), those selling."""
    ids = [pk for pk in ids if pk is not None]
    return keep_order(artisans_selling().filter(pk__in=ids), ids)
