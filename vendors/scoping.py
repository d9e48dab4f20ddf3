"""What an artisan's shop may see and touch: the one place these filters live.

Every back-office query about products, stock, images, orders or customers
starts from one of these functions, so that no view writes its own filter.
"""

from oscar.core.loading import get_model

from .models import Vendor, VendorOrder

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def vendor_for_user(user):
    """The shop ``user`` runs, or None (staff accounts never run a shop)."""
    if not user.is_authenticated or user.is_staff:
        return None
    return Vendor.objects.for_user(user).select_related("partner").first()


def products_sold_by(vendor):
    """Products with a stock record of ``vendor``'s partner."""
    return Product._default_manager.filter(stockrecords__partner_id=vendor.partner_id)


def stockrecords_of(vendor):
    return StockRecord._default_manager.filter(partner_id=vendor.partner_id)


def images_of(vendor):
    return ProductImage._default_manager.filter(
        product__stockrecords__partner_id=vendor.partner_id
    )


def vendor_orders_of(vendor):
    """The shop's orders, once paid (or to be paid at pickup)."""
    return VendorOrder.objects.filter(vendor=vendor).seen_by_artisans()
