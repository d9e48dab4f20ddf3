"""The chamber's monthly statements and the PDFs of its commission invoices."""

import logging

from celery import shared_task

from .building import build_month, previous_month
from .rendering import render_commission_invoice_task

__all__ = ["build_previous_month_task", "render_commission_invoice_task"]

logger = logging.getLogger(__name__)


@shared_task
def build_previous_month_task():
    """Build last month's commission statements, the chamber's commission
    invoices and the pickup cash settlements (run by beat on the 1st).

    Idempotent: what is built already is never built again.
    """
    result = build_month(previous_month())
    return {
        "commission_statements": len(result.commission_statements),
        "invoices": len(result.invoices),
        "settlement_statements": len(result.settlement_statements),
    }
