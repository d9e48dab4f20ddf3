"""Invoices and credit notes in the artisan's name, and the sequences that
number every document the marketplace issues.

The seller of every part is the artisan: an invoice states their identity, the
buyer's, the lines with unit price HT, VAT rate and amount, the fulfilment fees
as their own line, totals HT, VAT per rate and TTC, and when and how it was
paid. Everything on it is a snapshot taken when it is issued, so a later change
of the shop, the order or the address book never changes a document.

Issued documents are immutable: saving an issued document again, updating it in
bulk or deleting it raises ``DocumentIsImmutable`` (only the name of its PDF
file is written once, after it is rendered). Only a credit note changes what
is owed.

Numbering: an artisan's invoices and credit notes take their numbers from one
continuous series (``invoices:<vendor id>``), so the artisan's documents read
as a single chronological sequence with no gap, whatever their kind; the
title ("Invoice" or "Credit note") tells them apart.
"""

from decimal import Decimal as D

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


validate_number_prefix = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{0,19}$",
    _(
        "Use 1 to 20 capital letters, digits or hyphens, starting with a letter "
        "or a digit."
    ),
)


class InvoicingProfile(models.Model):
    """How an artisan's documents are numbered: the prefix of their series.

    The prefix defaults to the shop's slug in capitals. The artisan may change
    it until their first document is issued; then it is frozen, so that one
    series never changes its name half-way.
    """

    vendor = models.OneToOneField(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        related_name="invoicing_profile",
        verbose_name=_("artisan"),
    )
    number_prefix = models.CharField(
        _("prefix of invoice numbers"),
        max_length=20,
        validators=[validate_number_prefix],
        help_text=_(
            "For example ATELIER gives invoice numbers like ATELIER-2026-000001."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("invoicing profile")
        verbose_name_plural = _("invoicing profiles")

    def __str__(self):
        return f"{self.vendor}: {self.number_prefix}"


class PaymentMethod(models.TextChoices):
    """How a part was paid, as its invoice states it."""

    CARD_ONLINE = "card_online", _("Card, paid online (Stripe)")
    CASH = "cash", _("Cash, paid at pickup")
    CARD = "card", _("Card, paid at pickup")
    CHEQUE = "cheque", _("Cheque, paid at pickup")


class CreditReason(models.TextChoices):
    REFUND = "refund", _("Refund")
    CANCELLATION = "cancellation", _("Order cancelled, refused or returned")


class DocumentIsImmutable(Exception):
    """An issued invoice or credit note cannot be changed or deleted."""


class IssuedDocumentQuerySet(models.QuerySet):
    """Documents cannot be changed in bulk either; only their PDF is attached."""

    def update(self, **kwargs):
        if set(kwargs) != {"pdf_file"}:
            raise DocumentIsImmutable(
                f"{self.model.__name__}: issued documents cannot be updated"
            )
        return super().update(**kwargs)

    def delete(self):
        raise DocumentIsImmutable(
            f"{self.model.__name__}: issued documents cannot be deleted"
        )

    def of_vendor(self, vendor):
        return self.filter(vendor=vendor)

    def of_customer(self, user):
        """The documents of the orders ``user`` placed (none for a visitor)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(**{self.model.ORDER_PATH + "__user": user})

    def in_month(self, year, month):
        return self.filter(issued_at__year=year, issued_at__month=month)


class IssuedDocument(models.Model):
    """What invoices and credit notes share: number, snapshot, totals, PDF."""

    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("artisan (seller)"),
    )
    number = models.CharField(_("number"), max_length=60)
    # The value taken from the artisan's series (the number shows it).
    sequence_value = models.PositiveBigIntegerField(_("rank in the series"))
    issued_at = models.DateTimeField(_("issued"), db_index=True)
    currency = models.CharField(_("currency"), max_length=12, default="EUR")
    # Snapshots: the seller's identity (name, legal form, address, SIRET, VAT
    # number) and the buyer's (name, address lines, e-mail), as issued.
    seller = models.JSONField(_("seller"), default=dict)
    buyer = models.JSONField(_("buyer"), default=dict)
    # [{description, quantity, unit_price_excl_tax, vat_rate, vat, total_excl_tax,
    #   total_incl_tax, is_fulfilment}], amounts as strings of 2 decimals.
    lines = models.JSONField(_("lines"), default=list)
    # [{rate, excl_tax, vat, incl_tax}], one row per VAT rate.
    vat_breakdown = models.JSONField(_("VAT per rate"), default=list)
    total_excl_tax = models.DecimalField(
        _("total (excl. tax)"), max_digits=12, decimal_places=2
    )
    total_vat = models.DecimalField(_("total VAT"), max_digits=12, decimal_places=2)
    total_incl_tax = models.DecimalField(
        _("total (incl. tax)"), max_digits=12, decimal_places=2
    )
    vat_mention = models.CharField(_("VAT mention"), max_length=120, blank=True)
    # The PDF's name on the private storage, written once it is rendered.
    pdf_file = models.CharField(_("PDF file"), max_length=255, blank=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DocumentIsImmutable(
                f"{type(self).__name__} {self.number} is issued and cannot change"
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DocumentIsImmutable(
            f"{type(self).__name__} {self.number} is issued and cannot be deleted"
        )

    @property
    def line_rows(self):
        """The lines with Decimal amounts, for templates."""
        return [_decimals(line) for line in self.lines]

    @property
    def vat_rows(self):
        """The VAT per rate with Decimal amounts, for templates."""
        return [_decimals(row) for row in self.vat_breakdown]


def _decimals(row):
    amounts = {
        "unit_price_excl_tax",
        "vat_rate",
        "vat",
        "total_excl_tax",
        "total_incl_tax",
        "rate",
        "excl_tax",
        "incl_tax",
    }
    return {
        key: (D(value) if key in amounts and value is not None else value)
        for key, value in row.items()
    }


class Invoice(IssuedDocument):
    """The invoice of an artisan's part, in the artisan's name (one per part).

    ``total_incl_tax`` is the sale (what the artisan invoices); a discount
    funded by the chamber or a partner territory is a means of payment by a
    third party, stated as "of which paid by ..." (``funded_discount``), not
    a price cut.
    """

    ORDER_PATH = "vendor_order__order"

    vendor_order = models.OneToOneField(
        "vendors.VendorOrder",
        on_delete=models.PROTECT,
        related_name="invoice",
        verbose_name=_("artisan's order"),
    )
    funded_discount = models.DecimalField(
        _("paid by the marketplace and its partners"),
        max_digits=12,
        decimal_places=2,
        default=0,
    )
    # Who pays the funded discount: [{name, offer, amount}], one row per
    # funder and offer (the chamber, a partner territory), as issued.
    funders = models.JSONField(_("funders of the discount"), default=list, blank=True)
    payment_method = models.CharField(
        _("means of payment"), max_length=20, choices=PaymentMethod.choices
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("document", "invoice")
        verbose_name_plural = pgettext_lazy("document", "invoices")
        ordering = ["-issued_at", "-sequence_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "number"], name="invoice_number_unique_per_vendor"
            ),
            models.UniqueConstraint(
                fields=["vendor", "sequence_value"],
                name="invoice_rank_unique_per_vendor",
            ),
        ]

    def get_absolute_url(self):
        return reverse("backoffice:invoice-detail", kwargs={"pk": self.pk})

    @property
    def customer_paid(self):
        return self.total_incl_tax - self.funded_discount

    @property
    def funder_rows(self):
        """Who pays what of the funded discount (Decimal amounts)."""
        return [{**row, "amount": D(row["amount"])} for row in self.funders]

    @property
    def kind(self):
        return "invoice"


class CreditNote(IssuedDocument):
    """A credit note (avoir) on an invoice: a refund, or what a cancellation,
    a refusal or a return leaves uncredited (funded share included).

    Its amounts are positive and are what it takes off its invoice; they are
    allocated across the invoice's VAT rates in proportion to what is still
    owed at each rate, to the cent.
    """

    ORDER_PATH = "invoice__vendor_order__order"

    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        related_name="credit_notes",
        verbose_name=pgettext_lazy("document", "invoice"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=CreditReason.choices)
    details = models.TextField(_("details"), blank=True)
    refund = models.OneToOneField(
        "payment.Refund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_note",
        verbose_name=_("refund"),
    )
    # The part of this credit that the funders of a discount no longer pay.
    funded_share = models.DecimalField(
        _("of which funded by the marketplace and its partners"),
        max_digits=12,
        decimal_places=2,
        default=0,
    )

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["-issued_at", "-sequence_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "number"],
                name="credit_note_number_unique_per_vendor",
            ),
            models.UniqueConstraint(
                fields=["vendor", "sequence_value"],
                name="credit_note_rank_unique_per_vendor",
            ),
            # What a cancellation leaves is credited once.
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(reason="cancellation"),
                name="one_cancellation_credit_per_invoice",
            ),
        ]

    def get_absolute_url(self):
        return reverse("backoffice:credit-note-detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.total_incl_tax is not None and self.total_incl_tax <= 0:
            raise ValidationError(_("A credit note credits more than zero."))

    @property
    def kind(self):
        return "credit_note"
