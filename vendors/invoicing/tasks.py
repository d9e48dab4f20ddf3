"""Tasks of invoicing: the PDF of each issued document."""

from celery import shared_task

from .documents import MODELS, ensure_pdf


@shared_task
def render_document_pdf_task(kind, pk):
    """Render and store the PDF of the invoice or credit note ``pk`` (``kind``
    "invoice" or "credit_note"); does nothing when it already has one."""
    document = MODELS[kind].objects.select_related("vendor").get(pk=pk)
    ensure_pdf(document)
