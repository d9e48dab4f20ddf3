"""Stock of the artisans' products: allocated at placement, used up or given back.

Oscar's two-stage model, made safe for concurrent checkouts:

- at placement each stock record is locked (``SELECT … FOR UPDATE``, in
  primary-key order, as Oscar's ``OrderCreator`` takes them) and the
  allocation is refused when it would exceed what is in stock;
- at hand-over or shipping an order line's allocation is used up, once;
- on refusal, cancellation or a failed payment it is given back, once.

An order line remembers what it still holds (``num_allocated``) and whether
it was given back (``allocation_cancelled``), so a second consumption or
release of the same line changes nothing.
"""

from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from shop.apps.core import pagecache

Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")


class StockUnavailable(Exception):
    """Not enough of a product is left to place the order; says which one."""

    def __init__(self, title, available):
        self.title = title
        self.available = max(available, 0)
        if self.available:
            message = _(
                "Only %(count)s of “%(title)s” are left: please lower the "
                "quantity in your basket."
            )
        else:
            message = _(
                "“%(title)s” has just sold out: please remove it from your basket."
            )
        super().__init__(str(message % {"title": title, "count": self.available}))


def tracks_stock(product):
    return product.get_product_class().track_stock


def allocate(stockrecord, quantity, title):
    """Allocate ``quantity`` units of a stock record, or raise ``StockUnavailable``.

    The record is locked until the caller's transaction ends, so two
    checkouts never both take the last units. Call it inside a transaction,
    for the records of one order in primary-key order (no deadlock).
    """
    locked = StockRecord._default_manager.select_for_update().get(pk=stockrecord.pk)
    available = (locked.num_in_stock or 0) - (locked.num_allocated or 0)
    if quantity > available:
        raise StockUnavailable(title, available)
    StockRecord._default_manager.filter(pk=locked.pk).update(
        num_allocated=Coalesce(F("num_allocated"), 0) + quantity
    )
    pagecache.changed()
    stockrecord.refresh_from_db(fields=["num_allocated", "num_in_stock"])


def _locked_lines(lines):
    """The order lines, locked, in the order stock records are locked in."""
    ids = [line.pk for line in lines]
    return list(
        Line._default_manager.select_for_update(of=("self",))
        .filter(pk__in=ids, stockrecord__isnull=False)
        .select_related("product__product_class", "product__parent__product_class")
        .order_by("stockrecord_id", "pk")
    )


def settle(lines, used_up):
    """Settle what ``lines`` still hold, once: used up (the units leave the
    stock) or given back (they can be sold again). Lines already settled are
    skipped; returns the number of units settled now."""
    settled = 0
    for line in _locked_lines(lines):
        if line.allocation_cancelled or not line.num_allocated:
            continue
        quantity = line.num_allocated
        if tracks_stock(line.product):
            change = {
                "num_allocated": Greatest(
                    Coalesce(F("num_allocated"), 0) - quantity, Value(0)
                )
            }
            if used_up:
                change["num_in_stock"] = Greatest(
                    Coalesce(F("num_in_stock"), 0) - quantity, Value(0)
                )
            StockRecord._default_manager.filter(pk=line.stockrecord_id).update(**change)
            pagecache.changed()
        line.num_allocated = 0
        line.allocation_cancelled = not used_up
        line.save(update_fields=["num_allocated", "allocation_cancelled"])
        settled += quantity
    return settled


def consume(lines):
    """Use up what ``lines`` still hold: the goods left the artisan's hands."""
    return settle(lines, used_up=True)


def release(lines):
    """Give back what ``lines`` still hold: those units can be sold again."""
    return settle(lines, used_up=False)
