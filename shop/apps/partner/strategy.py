"""Pricing and availability, the way French shops show them.

Artisans enter and consumers see prices tax-inclusive (TTC). The stock record
holds that TTC price; the tax part is derived from it so that the price shown,
charged and written on the order is exactly what the artisan typed.
"""

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner import strategy
from oscar.core.loading import get_class, get_model

TaxInclusiveFixedPrice = get_class("partner.prices", "TaxInclusiveFixedPrice")
ProductClass = get_model("catalogue", "ProductClass")
UnavailablePrice = get_class("partner.prices", "Unavailable")
Unavailable = get_class("partner.availability", "Unavailable")

STANDARD_VAT_RATE = D("0.20")
CENTS = D("0.01")


def split_tax_inclusive(price_incl_tax, rate):
    """Return ``(excl_tax, tax)`` for a TTC price, with excl + tax == TTC."""
    excl_tax = (price_incl_tax / (1 + rate)).quantize(CENTS, rounding=ROUND_HALF_UP)
    return excl_tax, price_incl_tax - excl_tax


def vendor_of(stockrecord):
    """The artisan's shop behind a stock record, or None for a bare partner."""
    from vendors.models import Vendor

    try:
        return stockrecord.partner.vendor
    except Vendor.DoesNotExist:
        return None


class ShopNotSelling(Unavailable):
    """The artisan's shop is on vacation, suspended or closed."""

    code = "shop-not-selling"

    def __init__(self, vendor):
        if vendor.vacation_mode and vendor.status == "approved":
            self.message = vendor.vacation_message or _(
                "This artisan is on vacation: orders are paused."
            )
        else:
            self.message = _("This artisan's shop is not selling at the moment.")


class TaxInclusivePricing:
    """Pricing policy for TTC stock record prices at the artisan's VAT rate."""

    def get_rate(self, product, stockrecord):
        vendor = vendor_of(stockrecord)
        return vendor.vat_rate if vendor is not None else STANDARD_VAT_RATE

    def price_from_stockrecord(self, product, stockrecord):
        if not stockrecord or stockrecord.price is None:
            return UnavailablePrice()
        excl_tax, tax = split_tax_inclusive(
            stockrecord.price, self.get_rate(product, stockrecord)
        )
        return TaxInclusiveFixedPrice(
            currency=stockrecord.price_currency, excl_tax=excl_tax, tax=tax
        )

    def pricing_policy(self, product, stockrecord):
        return self.price_from_stockrecord(product, stockrecord)

    def parent_pricing_policy(self, product, children_stock):
        stockrecords = [sr for _, sr in children_stock if sr is not None]
        if not stockrecords:
            return UnavailablePrice()
        return self.price_from_stockrecord(product, stockrecords[0])


class ArtisanAvailability(strategy.StockRequired):
    """Stock is required, and the artisan's shop must be selling."""

    def availability_policy(self, product, stockrecord):
        vendor = vendor_of(stockrecord) if stockrecord else None
        if vendor is not None and not vendor.is_selling:
            return ShopNotSelling(vendor)
        return super().availability_policy(product, stockrecord)

    def parent_availability_policy(self, product, children_stock):
        for _child, stockrecord in children_stock:
            vendor = vendor_of(stockrecord) if stockrecord else None
            if vendor is not None and not vendor.is_selling:
                return ShopNotSelling(vendor)
        return super().parent_availability_policy(product, children_stock)


# What pricing a basket line reads besides its product's class: the product's
# stock records (the first one is used) and their artisan, and the line's own
# stock record's artisan (grouping, shipping, offers).
LINE_PRICING_RELATIONS = (
    "product__parent",
    "product__stockrecords__partner__vendor",
    "stockrecord__partner__vendor",
)


def load_line_pricing_relations(lines):
    """Load what pricing ``lines`` reads in a few queries for all of them,
    rather than four or so per line; lines already loaded are left alone.

    The product classes (stock tracking) are read in one query even when
    some are already loaded (Oscar's shipping check reads the first line's),
    so a basket of one line costs what a basket of many does."""
    pending = [line for line in lines if not getattr(line, "_pricing_loaded", False)]
    if not pending:
        return
    prefetch_related_objects(pending, *LINE_PRICING_RELATIONS)
    products = [line.product for line in pending]
    products += [product.parent for product in products if product.parent_id]
    classes = ProductClass.objects.in_bulk(
        {product.product_class_id for product in products if product.product_class_id}
    )
    for product in products:
        if product.product_class_id in classes:
            product.product_class = classes[product.product_class_id]
    for line in pending:
        line._pricing_loaded = True


class ArtisanStrategy(
    strategy.UseFirstStockRecord,
    ArtisanAvailability,
    TaxInclusivePricing,
    strategy.Structured,
):
    """One stock record per product (its artisan's), the artisan's VAT and
    opening state, TTC prices."""

    def fetch_for_line(self, line, stockrecord=None):
        """Price a basket line as Oscar does, its basket's lines' relations
        loaded together the first time one of them is priced, so that a
        basket (page, header, checkout) costs the same queries for one line
        as for many."""
        if not getattr(line, "_pricing_loaded", False):
            lines = [line]
            basket = line.basket if type(line).basket.is_cached(line) else None
            if basket is not None and basket.id:
                lines = list(basket.all_lines())
                if not any(other is line for other in lines):
                    lines.append(line)
            load_line_pricing_relations(lines)
        return super().fetch_for_line(line, stockrecord)


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return ArtisanStrategy(request)
