"""What each funder owes the chamber: the discounts it paid for customers,
per period, per offer and per artisan's part.

Parts that were refused, cancelled, sent back or never paid sold nothing:
their discounts are not owed.
"""

import csv
import datetime
from dataclasses import dataclass, field
from decimal import Decimal as D

from django.utils import timezone
from django.utils.translation import gettext as _

from shop.apps.core.spreadsheets import spreadsheet_safe
from vendors.models import VendorOrderStatus
from vendors.reports import french_decimal

from .models import FundedDiscount, Funder, FunderKind

NOT_OWED = [
    VendorOrderStatus.AWAITING_PAYMENT,
    VendorOrderStatus.REFUSED,
    VendorOrderStatus.CANCELLED,
    VendorOrderStatus.RETURNED,
]


@dataclass
class FunderReport:
    """One funder's (or every funder's) funded discounts over a period."""

    date_from: datetime.date
    date_to: datetime.date
    funder_label: str = ""
    funder: Funder | None = None
    rows: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    total: D = D("0.00")


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def funded_discounts_between(date_from, date_to):
    """Funded discounts on parts placed from ``date_from`` to ``date_to``
    (local dates, both included) that sold."""
    return (
        FundedDiscount.objects.filter(
            vendor_order__created_at__gte=_local_midnight(date_from),
            vendor_order__created_at__lt=_local_midnight(
                date_to + datetime.timedelta(days=1)
            ),
        )
        .exclude(vendor_order__status__in=NOT_OWED)
        .select_related("vendor_order__vendor__partner", "funder")
        .order_by("vendor_order__created_at", "vendor_order_id", "pk")
    )


def funder_report(date_from, date_to, funder_choice=""):
    """The report for ``funder_choice``: "" (every funder), "chamber", or a
    partner territory's primary key (as a string). Two queries at most."""
    discounts = funded_discounts_between(date_from, date_to)
    report = FunderReport(date_from=date_from, date_to=date_to)
    if funder_choice == FunderKind.CHAMBER:
        discounts = discounts.filter(kind=FunderKind.CHAMBER)
        report.funder_label = str(FunderKind.CHAMBER.label)
    elif funder_choice:
        report.funder = Funder.objects.get(pk=funder_choice)
        report.funder_label = report.funder.name
        discounts = discounts.filter(kind=FunderKind.TERRITORY, funder=report.funder)
    by_offer = {}
    for discount in discounts:
        report.rows.append(discount)
        report.total += discount.amount
        key = (discount.offer_id, discount.offer_name, discount.funder_name)
        totals = by_offer.setdefault(key, {"count": set(), "amount": D("0.00")})
        totals["count"].add(discount.vendor_order_id)
        totals["amount"] += discount.amount
    report.offers = [
        {
            "offer_id": offer_id,
            "name": name,
            "funder": funder,
            "parts": len(totals["count"]),
            "amount": totals["amount"],
        }
        for (offer_id, name, funder), totals in sorted(
            by_offer.items(), key=lambda item: item[0][1]
        )
    ]
    return report


def write_funder_report_csv(report, stream):
    """One line per part and offer: semicolons, decimal commas and a UTF-8
    byte order mark, as the commission report (``vendors.reports``)."""
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Placed"),
            _("Artisan's order"),
            _("Artisan"),
            _("Offer"),
            _("Funded by"),
            _("On"),
            _("Amount (EUR)"),
        ]
    )
    for discount in report.rows:
        vendor_order = discount.vendor_order
        writer.writerow(
            [
                timezone.localtime(vendor_order.created_at).strftime("%Y-%m-%d"),
                vendor_order.number,
                spreadsheet_safe(vendor_order.vendor.name),
                spreadsheet_safe(discount.offer_name),
                spreadsheet_safe(discount.funder_name),
                _("fulfilment") if discount.on_fulfilment else _("products"),
                french_decimal(discount.amount),
            ]
        )
