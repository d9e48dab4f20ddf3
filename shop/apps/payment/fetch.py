"""Reads of the payment app: the payout ledger, and what is paid at pickup.

The ledger: what each vendor order brought its artisan.

One row per vendor order that has a ledger entry (``Transfer``) or is completed
and waiting for one. The rows come in a fixed number of queries (the transfer
is selected with its vendor order, the refunds summed in a subquery), however
many there are. Amounts are ``Decimal`` euros; the cents stored on the ledger
are converted here.
"""

import csv
import datetime
from dataclasses import dataclass, field
from decimal import Decimal as D

from django.db.models import OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from shop.apps.core.spreadsheets import spreadsheet_safe
from vendors.models import CLOSED_STATUSES, Vendor, VendorOrder, VendorOrderStatus
from vendors.reports import french_decimal
from vendors.scoping import vendor_orders_of

from .consts import CENTS, from_cents
from .models import (
    CollectionMethod,
    ConnectedAccount,
    PickupCollection,
    Refund,
    TransferStatus,
)
from .pay_at_pickup import SOURCE_TYPE_NAME

Source = get_model("payment", "Source")

ZERO = D("0.00")
AMOUNTS = ("total", "commission", "net", "refunded", "transferred", "reversed")


@dataclass
class LedgerRow:
    """One vendor order in the ledger, its money and its payout."""

    vendor_order: VendorOrder
    transfer_status: str
    transfer_status_display: str
    refunded: D
    transferred: D
    reversed: D
    last_error: str = ""

    @property
    def refundable(self):
        return self.vendor_order.customer_total - self.refunded


@dataclass
class PayoutLedger:
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)


def _refunded_cents():
    refunds = (
        Refund.objects.filter(vendor_order=OuterRef("pk"))
        .order_by()
        .values("vendor_order")
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )
    return Coalesce(Subquery(refunds), Value(0))


def _ledger_of(vendor_orders):
    """``vendor_orders`` in the ledger, with what the rows show selected."""
    return (
        vendor_orders.filter(
            Q(transfer__isnull=False) | Q(status=VendorOrderStatus.COMPLETED)
        )
        .select_related("transfer", "order", "vendor__partner")
        .annotate(refunded_cents=_refunded_cents())
        .order_by("-created_at", "-pk")
    )


def vendor_ledger(vendor):
    """The ledger of one artisan's shop, scoped through ``vendors.scoping``."""
    return _ledger_of(vendor_orders_of(vendor))


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def staff_ledger(vendor=None, date_from=None, date_to=None):
    """Every artisan's ledger, optionally one artisan's and placed in a period.

    ``date_from`` and ``date_to`` are local dates, both included.
    """
    vendor_orders = VendorOrder.objects.all()
    if vendor is not None:
        vendor_orders = vendor_orders.filter(vendor=vendor)
    if date_from:
        vendor_orders = vendor_orders.filter(created_at__gte=_local_midnight(date_from))
    if date_to:
        vendor_orders = vendor_orders.filter(
            created_at__lt=_local_midnight(date_to + datetime.timedelta(days=1))
        )
    return _ledger_of(vendor_orders)


def ledger_row(vendor_order):
    """The row of a vendor order from ``vendor_ledger`` or ``staff_ledger``."""
    transfer = getattr(vendor_order, "transfer", None)
    refunded = from_cents(getattr(vendor_order, "refunded_cents", 0) or 0)
    if transfer is None:
        # Completed, not paid yet: waiting for the artisan's account or a retry.
        return LedgerRow(
            vendor_order=vendor_order,
            transfer_status=TransferStatus.PENDING,
            transfer_status_display=TransferStatus.PENDING.label,
            refunded=refunded,
            transferred=ZERO,
            reversed=ZERO,
        )
    return LedgerRow(
        vendor_order=vendor_order,
        transfer_status=transfer.status,
        transfer_status_display=transfer.get_status_display(),
        refunded=refunded,
        transferred=transfer.amount if transfer.is_paid else ZERO,
        reversed=transfer.reversed_amount,
        last_error=transfer.last_error,
    )


def payout_ledger(ledger_queryset):
    """Rows and totals of a ledger queryset (all of it: a statement is whole)."""
    rows = [ledger_row(vendor_order) for vendor_order in ledger_queryset]
    totals = {amount: ZERO for amount in AMOUNTS}
    for row in rows:
        totals["total"] += row.vendor_order.total_incl_tax
        totals["commission"] += row.vendor_order.commission_amount
        totals["net"] += row.vendor_order.net_amount
        totals["refunded"] += row.refunded
        totals["transferred"] += row.transferred
        totals["reversed"] += row.reversed
    return PayoutLedger(rows=rows, totals=totals)


def connected_account_of(vendor):
    """The artisan's Stripe account as last reported by Stripe, or None."""
    return ConnectedAccount.objects.filter(vendor=vendor).first()


def vendors_who_cannot_be_paid():
    """Approved shops whose Stripe account cannot receive transfers (or is missing).

    Each shop has ``account`` set: its ``ConnectedAccount`` or None.
    """
    vendors = (
        Vendor.objects.approved()
        .filter(
            Q(stripe_account__isnull=True)
            | Q(stripe_account__transfers_active=False)
            | Q(stripe_account__payouts_enabled=False)
        )
        .select_related("partner", "stripe_account")
        .order_by("partner__name", "pk")
    )
    for vendor in vendors:
        try:
            vendor.account = vendor.stripe_account
        except ConnectedAccount.DoesNotExist:
            vendor.account = None
        yield vendor


def write_ledger_csv(ledger, stream, with_artisan=False):
    """Write ``ledger`` as CSV to ``stream``: a header, then one line per row.

    The commission report's form (``vendors.reports``): semicolons, decimal
    commas and a UTF-8 byte order mark, for French spreadsheets.
    """
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    header = [
        _("Order number"),
        _("Placed"),
        _("Total incl. tax (EUR)"),
        _("Commission (EUR)"),
        _("Net (EUR)"),
        _("Refunded (EUR)"),
        _("Transfer status"),
        _("Transferred (EUR)"),
        _("Reversed (EUR)"),
    ]
    if with_artisan:
        header.insert(1, _("Artisan"))
    writer.writerow(header)
    for row in ledger.rows:
        vendor_order = row.vendor_order
        line = [
            vendor_order.number,
            timezone.localtime(vendor_order.created_at).strftime("%Y-%m-%d %H:%M"),
            french_decimal(vendor_order.total_incl_tax),
            french_decimal(vendor_order.commission_amount),
            french_decimal(vendor_order.net_amount),
            french_decimal(row.refunded),
            str(row.transfer_status_display),
            french_decimal(row.transferred),
            french_decimal(row.reversed),
        ]
        if with_artisan:
            line.insert(1, spreadsheet_safe(vendor_order.vendor.name))
        writer.writerow(line)


# Paid at pickup
# ------------------------------------------------------------------------------


def amounts_to_collect(vendor_orders):
    """{vendor order id: amount to collect at its hand-over}, in 2 queries.

    Only the parts of orders paid at pickup, still to hand over (not closed:
    a part refused, cancelled or taken back is not paid), whose payment is
    not recorded yet; the others are left out.
    """
    vendor_orders = [vo for vo in vendor_orders if vo.status not in CLOSED_STATUSES]
    order_ids = {vo.order_id for vo in vendor_orders}
    paid_at_pickup = set(
        Source.objects.filter(
            order_id__in=order_ids, source_type__name=SOURCE_TYPE_NAME
        ).values_list("order_id", flat=True)
    )
    collected = set(
        PickupCollection.objects.filter(
            vendor_order__in=[vo.pk for vo in vendor_orders]
        ).values_list("vendor_order_id", flat=True)
    )
    return {
        vo.pk: vo.customer_total
        for vo in vendor_orders
        if vo.order_id in paid_at_pickup and vo.pk not in collected
    }


def amount_to_collect(vendor_order):
    """What the customer pays at this part's hand-over, or None (nothing)."""
    return amounts_to_collect([vendor_order]).get(vendor_order.pk)


def collections_of_day(point, day_start, day_end):
    """What was collected at ``point`` in a day: the collections, and totals
    by means of payment (every means listed, zero included), to the cent."""
    collections = (
        PickupCollection.objects.filter(
            point=point, collected_at__gte=day_start, collected_at__lt=day_end
        )
        .select_related("vendor_order__order", "vendor_order__vendor__partner")
        .select_related("collected_by")
        .order_by("collected_at", "pk")
    )
    sums = dict(
        collections.order_by()
        .values_list("method")
        .annotate(total=Sum("amount"))
        .values_list("method", "total")
    )
    totals = [
        (method, label, D(sums.get(method) or 0).quantize(CENTS))
        for method, label in CollectionMethod.choices
    ]
    return collections, totals
