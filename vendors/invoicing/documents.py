"""The PDF of an invoice or a credit note: rendered once, kept on the private
storage, served only through the views that check who asks."""

import logging

from django.conf import settings
from django.core.files.storage import storages
from django.utils import translation

from shop.apps.core.pdf import render_pdf, store_pdf

from .models import CreditNote, Invoice

logger = logging.getLogger(__name__)

MODELS = {"invoice": Invoice, "credit_note": CreditNote}
TEMPLATES = {
    "invoice": "vendors/invoicing/invoice_pdf.html",
    "credit_note": "vendors/invoicing/credit_note_pdf.html",
}


def document_context(document):
    """What the templates of a document need (the same for HTML and PDF)."""
    context = {
        "document": document,
        "kind": document.kind,
        "shop_name": settings.OSCAR_SHOP_NAME,
    }
    if document.kind == "invoice":
        context["invoice"] = document
    else:
        context["credit_note"] = document
        context["invoice"] = document.invoice
    return context


def pdf_file_name(document):
    folder = "invoices" if document.kind == "invoice" else "credit-notes"
    return f"{folder}/{document.vendor_id}/{document.number}.pdf"


def render_document_pdf(document):
    """The PDF bytes of ``document``, in the shop's language (French): an
    invoice is a legal document of a French business."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(TEMPLATES[document.kind], document_context(document))


def ensure_pdf(document):
    """The name of ``document``'s stored PDF, rendering and storing it first
    when it has none yet (the file name is written once)."""
    if document.pdf_file:
        return document.pdf_file
    name = store_pdf(pdf_file_name(document), render_document_pdf(document))
    model = type(document)
    if model.objects.filter(pk=document.pk, pdf_file="").update(pdf_file=name):
        document.pdf_file = name
        logger.info("%s %s: PDF stored as %s", document.kind, document.number, name)
        return name
    # Rendered at the same moment elsewhere: keep theirs, drop ours.
    storages["private"].delete(name)
    document.pdf_file = model.objects.values_list("pdf_file", flat=True).get(
        pk=document.pk
    )
    return document.pdf_file


def open_pdf(document):
    """The stored PDF of ``document``, opened for reading."""
    return storages["private"].open(ensure_pdf(document), "rb")
