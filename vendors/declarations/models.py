"""What the platform tells each artisan of their year (art. 242 bis CGI)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendors.models import LegalForm


class YearlyStatementQuerySet(models.QuerySet):
    def of_vendor(self, vendor):
        """The statements of ``vendor``'s shop, newest year first."""
        return self.filter(vendor=vendor).order_by("-year")


class YearlyStatement(models.Model):
    """An artisan's sales through the marketplace over a calendar year.

    Built once each January from ``figures.seller_figures`` and frozen: the
    seller's identity and the figures are those sent. ``emailed_at`` makes the
    e-mail go out once. ``quarters`` holds the same figures per quarter, as
    the DAC7 return declares them (amounts as strings of euros).
    """

    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="yearly_statements",
        verbose_name=_("artisan"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    seller_name = models.CharField(_("registered name"), max_length=255)
    legal_form = models.CharField(
        _("legal form"), max_length=10, choices=LegalForm.choices, blank=True
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=400, blank=True)
    gross = models.DecimalField(_("gross amount"), max_digits=12, decimal_places=2)
    transactions = models.PositiveIntegerField(_("number of transactions"))
    commission = models.DecimalField(
        _("fees and commissions withheld"), max_digits=12, decimal_places=2
    )
    quarters = models.JSONField(_("per quarter"), default=list, blank=True)
    generated_at = models.DateTimeField(_("generated"), default=timezone.now)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = YearlyStatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly statement")
        verbose_name_plural = _("yearly statements")
        ordering = ["-year", "seller_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "year"], name="one_yearly_statement_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.seller_name} {self.year}"

    def get_absolute_url(self):
        return reverse("backoffice:yearly-statement", kwargs={"pk": self.pk})
