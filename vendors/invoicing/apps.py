"""Invoices and credit notes, in the artisan's name."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "vendors.invoicing"
    label = "invoicing"
    verbose_name = _("Invoicing")

    def ready(self):
        from . import receivers

        receivers.connect()
