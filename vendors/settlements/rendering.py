"""The PDF of a commission invoice, rendered by a Celery task (registered with
the app's tasks: ``tasks`` imports it)."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import translation

from shop.apps.core.pdf import render_pdf, store_pdf

from .models import CommissionInvoice

logger = logging.getLogger(__name__)


@shared_task
def render_commission_invoice_task(invoice_id):
    """Render a commission invoice as PDF and store it, once.

    A retry after the file is recorded does nothing; the document's wording is
    in the site's language.
    """
    invoice = (
        CommissionInvoice.objects.select_related("statement__vendor")
        .filter(pk=invoice_id)
        .first()
    )
    if invoice is None or invoice.pdf:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        content = render_pdf(
            "vendors/settlements/commission_invoice_pdf.html",
            {"invoice": invoice, "statement": invoice.statement},
        )
    invoice.pdf = store_pdf(f"chamber-invoices/{invoice.number}.pdf", content)
    invoice.save(update_fields=["pdf"])
    logger.info("Commission invoice %s rendered", invoice.number)
    return invoice.pdf
