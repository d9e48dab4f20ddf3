"""Reads for the chamber's commission report: what each artisan sold and owes.

The figures come from the money frozen on each ``VendorOrder`` when the order
was placed, summed in the database in one query whatever the number of
artisans.
"""

import csv
import datetime
from dataclasses import dataclass, field
from decimal import Decimal as D

from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.apps.core.spreadsheets import spreadsheet_safe
from vendors.models import VendorOrder, VendorOrderStatus

# Parts an artisan refused, that were cancelled or are not paid yet earn
# nobody anything.
NOT_COUNTED = [
    VendorOrderStatus.AWAITING_PAYMENT,
    VendorOrderStatus.REFUSED,
    VendorOrderStatus.CANCELLED,
]
AMOUNTS = ("sales", "commission", "net")


@dataclass
class CommissionReport:
    """Per-artisan lines of the commission report and their totals."""

    date_from: datetime.date
    date_to: datetime.date
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)


def current_month(today=None):
    """``(first day, last day)`` of the current month in the site's time zone."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, next_month - datetime.timedelta(days=1)


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def vendor_orders_placed_between(date_from, date_to):
    """Vendor orders placed from ``date_from`` to ``date_to`` (both included,
    local dates) that count towards commissions."""
    return VendorOrder.objects.filter(
        created_at__gte=_local_midnight(date_from),
        created_at__lt=_local_midnight(date_to + datetime.timedelta(days=1)),
    ).exclude(status__in=NOT_COUNTED)


def commission_report(date_from, date_to):
    """Per artisan, for the period: vendor orders, sales TTC, commission, net due.

    Each row is a dict with ``vendor_id``, ``name``, ``slug``, ``siret``,
    ``order_count``, ``sales``, ``commission`` and ``net``; rows are sorted by
    the artisan's name. Artisans without an order in the period are left out.
    """
    rows = list(
        vendor_orders_placed_between(date_from, date_to)
        .values(
            "vendor_id",
            name=F("vendor__partner__name"),
            slug=F("vendor__slug"),
            siret=F("vendor__siret"),
        )
        .annotate(
            order_count=Count("id"),
            sales=Sum("total_incl_tax"),
            commission=Sum("commission_amount"),
            net=Sum("net_amount"),
        )
        .order_by("name", "vendor_id")
    )
    totals = {"order_count": sum(row["order_count"] for row in rows)}
    for amount in AMOUNTS:
        totals[amount] = sum((row[amount] for row in rows), D("0.00"))
    return CommissionReport(
        date_from=date_from, date_to=date_to, rows=rows, totals=totals
    )


def french_decimal(amount):
    """``1234.5`` -> ``"1234,50"``: the decimal comma French spreadsheets expect."""
    return f"{amount:.2f}".replace(".", ",")


def write_commission_report_csv(report, stream):
    """Write ``report`` as CSV to ``stream``: a header, then one line per artisan.

    Semicolon-separated with decimal commas and a UTF-8 byte order mark, the
    form a French spreadsheet opens without an import dialog. No totals line:
    the file is meant to be summed or imported, not read as a statement.
    """
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Artisan"),
            _("SIRET"),
            _("Vendor orders"),
            _("Sales incl. tax (EUR)"),
            _("Commission (EUR)"),
            _("Net due to the artisan (EUR)"),
        ]
    )
    for row in report.rows:
        writer.writerow(
            [
                spreadsheet_safe(row["name"]),
                row["siret"],
                row["order_count"],
                french_decimal(row["sales"]),
                french_decimal(row["commission"]),
                french_decimal(row["net"]),
            ]
        )
