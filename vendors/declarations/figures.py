"""The figures the law asks of the platform about each artisan, per period.

One definition serves the yearly statement sent to each artisan (art. 242 bis
of the French tax code) and the DAC7 export for the tax authorities:

- a **transaction** is an artisan's part (``VendorOrder``) the customer paid:
  online (its "paid online" step, dated by Stripe's confirmation) or at pickup
  (the payment collected at its hand-over, dated by the collection). It counts
  in the quarter it was paid, in the site's time zone;
- its **gross amount** is the sale the artisan invoices (``total_incl_tax``:
  lines after the artisan's own discounts, fulfilment included; a discount
  funded by the chamber or a partner territory is paid to the artisan by the
  funder, so it is part of what the artisan received) less what refunds took
  back of it so far;
- the **fees and commissions withheld** are the chamber's commission on it,
  less the commission's share of those refunds (a refund takes back its
  fraction of what the customer paid from the whole sale; the artisan bears
  it in proportion of their net, as the transfer reversals of
  ``shop.apps.payment`` do, and the chamber the rest);
- parts closed without a sale (refused, cancelled, taken back after a missed
  pickup) and parts refunded in full are not transactions.

The figures come from the parts, their steps and their refunds only, not from
the invoices, in one query per period whatever the number of artisans.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal as D

from django.db.models import (
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from shop.apps.payment.consts import from_cents, to_cents
from shop.apps.payment.models import Refund
from vendors.models import PartAction, VendorOrder, VendorOrderEvent, VendorOrderStatus

QUARTERS = (1, 2, 3, 4)
ZERO = D("0.00")
# Parts that end without anything sold: whatever was paid went back.
CLOSED_WITHOUT_SALE = (
    VendorOrderStatus.REFUSED,
    VendorOrderStatus.CANCELLED,
    VendorOrderStatus.RETURNED,
)


@dataclass
class Figures:
    """Gross amount, number of transactions and commission withheld."""

    gross: D = ZERO
    transactions: int = 0
    commission: D = ZERO

    def add(self, gross, commission):
        self.gross += gross
        self.transactions += 1
        self.commission += commission


@dataclass
class SellerFigures(Figures):
    """One artisan's figures over a year, and per quarter (1 to 4)."""

    vendor_id: int = 0
    quarters: dict = field(default_factory=lambda: {q: Figures() for q in QUARTERS})

    def add_in_quarter(self, quarter, gross, commission):
        self.add(gross, commission)
        self.quarters[quarter].add(gross, commission)


def local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def year_bounds(year):
    """From 1 January of ``year`` (included) to the next (excluded), local time."""
    return local_midnight(datetime.date(year, 1, 1)), local_midnight(
        datetime.date(year + 1, 1, 1)
    )


def quarter_of(moment):
    """1 to 4: the calendar quarter of ``moment`` in the site's time zone."""
    return (timezone.localtime(moment).month - 1) // 3 + 1


def kept_after_refunds(total, net, paid, refunded):
    """``(gross, commission)`` in cents that a part keeps after ``refunded`` cents.

    ``total`` is the sale, ``net`` the artisan's share of it, ``paid`` what the
    customer paid (the sale less funded discounts). A refund takes back the
    same fraction of the whole sale, funded part included; the artisan bears
    it in proportion of net, rounded as the transfer reversals round it
    (``payment.actions.payouts.artisan_due_cents``, a test holds both to the
    same cent), and the commission is the rest. Nothing is kept of a part
    refunded in full.
    """
    if not refunded:
        return total, total - net
    if refunded >= paid:
        return 0, 0
    gross = total - int((D(total) * refunded / paid).quantize(D("1")))
    artisan_kept = max(net - int((D(net) * refunded / paid).quantize(D("1"))), 0)
    return gross, gross - artisan_kept


def paid_parts(date_from, date_to):
    """Parts paid from ``date_from`` (included) to ``date_to`` (excluded).

    Each is annotated with ``paid_at`` (when its customer paid it) and
    ``refunded_cents`` (every refund made on it so far); parts closed without
    a sale are left out.
    """
    paid_online_at = (
        VendorOrderEvent.objects.filter(
            vendor_order=OuterRef("pk"), action=PartAction.PAY
        )
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    refunded = (
        Refund.objects.filter(vendor_order=OuterRef("pk"))
        .order_by()
        .values("vendor_order")
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )
    return (
        VendorOrder.objects.exclude(status__in=CLOSED_WITHOUT_SALE)
        .annotate(
            paid_at=Coalesce(
                Subquery(paid_online_at, output_field=DateTimeField()),
                F("pickup_collection__collected_at"),
            ),
            refunded_cents=Coalesce(
                Subquery(refunded, output_field=IntegerField()), Value(0)
            ),
        )
        .filter(paid_at__gte=date_from, paid_at__lt=date_to)
    )


def seller_figures(year, vendor_ids=None):
    """Each artisan's figures for ``year``: ``{vendor_id: SellerFigures}``.

    Artisans without a transaction in the year are left out. One query,
    whatever the number of artisans; ``vendor_ids`` narrows it to some.
    """
    parts = paid_parts(*year_bounds(year))
    if vendor_ids is not None:
        parts = parts.filter(vendor_id__in=vendor_ids)
    rows = parts.order_by().values_list(
        "vendor_id",
        "paid_at",
        "total_incl_tax",
        "net_amount",
        "funded_discount",
        "refunded_cents",
    )
    sellers = {}
    for vendor_id, paid_at, total, net, funded, refunded in rows:
        paid = to_cents(total) - to_cents(funded)
        if refunded and refunded >= paid:
            continue  # refunded in full: nothing was sold
        gross, commission = kept_after_refunds(
            to_cents(total), to_cents(net), paid, refunded
        )
        figures = sellers.setdefault(vendor_id, SellerFigures(vendor_id=vendor_id))
        figures.add_in_quarter(
            quarter_of(paid_at), from_cents(gross), from_cents(commission)
        )
    return sellers
