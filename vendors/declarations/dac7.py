"""The chamber's DAC7 export: what it declares of each seller for a year.

One line per artisan who sold in the year: their identity, and per quarter
the gross amount, the number of transactions and the fees and commissions
withheld (``figures``), with the year's totals. CSV only: the XML return
follows the DGFiP's schema, which is not bundled here (see the page's help).
"""

import csv
from dataclasses import dataclass

from django.utils.translation import gettext as _

from shop.apps.core.spreadsheets import spreadsheet_safe
from vendors.models import Vendor
from vendors.reports import french_decimal

from .figures import QUARTERS, seller_figures


@dataclass
class Dac7Line:
    vendor: Vendor
    figures: object

    @property
    def quarter_figures(self):
        return [self.figures.quarters[quarter] for quarter in QUARTERS]


def dac7_lines(year):
    """The year's sellers, sorted by registered name, with their figures.

    Two queries, whatever the number of artisans: the figures, then the
    artisans who sold.
    """
    sellers = seller_figures(year)
    vendors = Vendor.objects.select_related("partner").in_bulk(list(sellers))
    lines = [Dac7Line(vendors[pk], figures) for pk, figures in sellers.items()]
    return sorted(lines, key=lambda line: (line.vendor.registered_name, line.vendor.pk))


def dac7_header():
    header = [
        _("Registered name"),
        _("Shop"),
        _("Legal form"),
        _("SIRET"),
        _("VAT number"),
        _("Address"),
        _("Postcode"),
        _("Town"),
        _("Country"),
    ]
    for quarter in QUARTERS:
        header += [
            _("Gross amount Q%(quarter)s (EUR)") % {"quarter": quarter},
            _("Transactions Q%(quarter)s") % {"quarter": quarter},
            _("Fees and commissions Q%(quarter)s (EUR)") % {"quarter": quarter},
        ]
    return header + [
        _("Gross amount, year (EUR)"),
        _("Transactions, year"),
        _("Fees and commissions, year (EUR)"),
    ]


def write_dac7_csv(lines, stream):
    """Write the DAC7 lines as CSV to ``stream``.

    Semicolon-separated with decimal commas and a UTF-8 byte order mark, like
    the commission report; every text typed by an artisan is kept from
    running as a formula.
    """
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(dac7_header())
    for line in lines:
        vendor, figures = line.vendor, line.figures
        row = [
            spreadsheet_safe(vendor.registered_name),
            spreadsheet_safe(vendor.name),
            vendor.get_legal_form_display(),
            spreadsheet_safe(vendor.siret),
            spreadsheet_safe(vendor.vat_number),
            spreadsheet_safe(vendor.address),
            spreadsheet_safe(vendor.postcode),
            spreadsheet_safe(vendor.commune),
            "FR",
        ]
        for quarter in QUARTERS:
            in_quarter = figures.quarters[quarter]
            row += [
                french_decimal(in_quarter.gross),
                in_quarter.transactions,
                french_decimal(in_quarter.commission),
            ]
        row += [
            french_decimal(figures.gross),
            figures.transactions,
            french_decimal(figures.commission),
        ]
        writer.writerow(row)
