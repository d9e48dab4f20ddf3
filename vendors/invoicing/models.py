"""Invoices and credit notes in the artisan's name, and the sequences that
number every document the marketplace issues."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentSequence(models.Model):
    """One continuous series of document numbers, e.g. an artisan's invoices.

    ``key`` names the series (see ``numbering``); ``last_value`` is the last
    number given. A number is taken under this row's lock, in the transaction
    that writes the document, so a document rolled back gives its number back
    and none is skipped or given twice.
    """

    key = models.CharField(_("series"), max_length=80, unique=True)
    last_value = models.PositiveBigIntegerField(_("last number given"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("document series")
        verbose_name_plural = _("document series")

    def __str__(self):
        return f"{self.key}: {self.last_value}"
