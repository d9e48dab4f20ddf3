"""Reads of the monthly statements: the staff's report across artisans, one
artisan's own statements, and the CSV and ZIP downloads.

Each read takes a fixed number of queries whatever the number of artisans.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from shop.apps.core.pdf import private_storage
from shop.apps.core.spreadsheets import spreadsheet_safe
from vendors.reports import french_decimal

from .models import ZERO, CommissionInvoice, CommissionStatement, SettlementStatement

TOTALLED = (
    "sales",
    "commission",
    "net",
    "held_by_chamber",
    "held_by_artisan",
    "chamber_owes",
    "artisan_owes",
)


@dataclass
class MonthRow:
    """One artisan's month: their commission statement and pickup settlement."""

    vendor: object
    commission: CommissionStatement = None
    settlement: SettlementStatement = None

    def amount(self, name):
        for statement in (self.commission, self.settlement):
            if statement is not None and hasattr(statement, name):
                return getattr(statement, name)
        return ZERO

    @property
    def invoice(self):
        if self.commission is None:
            return None
        return getattr(self.commission, "invoice", None)


@dataclass
class MonthlyReport:
    period: object
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)

    @property
    def is_built(self):
        return bool(self.rows)


def monthly_report(period):
    """Every artisan's statements of ``period`` (first of a month), by name."""
    rows = {}
    for statement in CommissionStatement.objects.filter(period=period).select_related(
        "vendor__partner", "invoice"
    ):
        rows[statement.vendor_id] = MonthRow(statement.vendor, commission=statement)
    for statement in SettlementStatement.objects.filter(period=period).select_related(
        "vendor__partner", "settled_by"
    ):
        row = rows.setdefault(statement.vendor_id, MonthRow(statement.vendor))
        row.settlement = statement
    ordered = sorted(rows.values(), key=lambda row: (row.vendor.name, row.vendor.pk))
    totals = {
        name: sum((row.amount(name) for row in ordered), ZERO) for name in TOTALLED
    }
    return MonthlyReport(period=period, rows=ordered, totals=totals)


def statements_of(vendor):
    """``vendor``'s months, latest first: ``(period, commission, settlement)``."""
    months = {}
    for statement in CommissionStatement.objects.filter(vendor=vendor).select_related(
        "invoice"
    ):
        months.setdefault(statement.period, [None, None])[0] = statement
    for statement in SettlementStatement.objects.filter(vendor=vendor):
        months.setdefault(statement.period, [None, None])[1] = statement
    return [(period, *months[period]) for period in sorted(months, reverse=True)]


def write_monthly_report_csv(report, stream):
    """``report`` as CSV: one line per artisan, semicolons and decimal commas
    with a byte order mark (as ``vendors.reports``), text cells made safe."""
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Month"),
            _("Artisan"),
            _("SIRET"),
            _("Parts invoiced"),
            _("Sales incl. tax (EUR)"),
            _("Commission incl. VAT (EUR)"),
            _("Net due to the artisan (EUR)"),
            _("Commission invoice"),
            _("Collected at pickup, held by the chamber (EUR)"),
            _("Collected at pickup, held by the artisan (EUR)"),
            _("The chamber owes the artisan (EUR)"),
            _("The artisan owes the chamber (EUR)"),
            _("Balance: the chamber pays (EUR)"),
            _("Settled"),
        ]
    )
    for row in report.rows:
        settlement = row.settlement
        writer.writerow(
            [
                f"{report.period:%Y-%m}",
                spreadsheet_safe(row.vendor.name),
                row.vendor.siret,
                row.commission.part_count if row.commission else 0,
                french_decimal(row.amount("sales")),
                french_decimal(row.amount("commission")),
                french_decimal(row.amount("net")),
                row.invoice.number if row.invoice else "",
                french_decimal(row.amount("held_by_chamber")),
                french_decimal(row.amount("held_by_artisan")),
                french_decimal(row.amount("chamber_owes")),
                french_decimal(row.amount("artisan_owes")),
                french_decimal(settlement.balance if settlement else ZERO),
                (
                    f"{settlement.settled_at:%Y-%m-%d}"
                    if settlement and settlement.is_settled
                    else ""
                ),
            ]
        )


def invoices_of_month(period):
    return (
        CommissionInvoice.objects.filter(statement__period=period)
        .select_related("statement__vendor")
        .order_by("sequence_value")
    )


def month_invoices_zip(period):
    """The bytes of a ZIP of ``period``'s rendered commission invoices, and the
    numbers of those not rendered yet (left out)."""
    buffer = io.BytesIO()
    missing = []
    storage = private_storage()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in invoices_of_month(period):
            if not invoice.pdf:
                missing.append(invoice.number)
                continue
            with storage.open(invoice.pdf, "rb") as pdf:
                archive.writestr(f"{invoice.number}.pdf", pdf.read())
    return buffer.getvalue(), missing
