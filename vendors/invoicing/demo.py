"""Invoices and credit notes of the demo's orders.

The demo's orders move through the order conductor, so their documents are
issued by themselves as each part is paid, collected or refunded. This
catches up a demo database loaded before invoicing existed; a second call
issues nothing.
"""

from vendors.models import VendorOrder

from .actions import issue_missing_documents


def load_invoices(report):
    """Issue the documents the demo's paid parts are missing; count them."""
    invoices, credit_notes = issue_missing_documents(
        VendorOrder.objects.filter(order__number__startswith="DEMO-")
    )
    for _ in range(invoices):
        report.count("demo invoices", True)
    for _ in range(credit_notes):
        report.count("demo credit notes", True)
    if not invoices and not credit_notes:
        report.count("demo invoices", False)
