"""The chamber's commission and the money collected at pickup.

Each month, for each artisan with activity (see ``building``):

- a ``CommissionStatement``: the parts invoiced in the month (paid online, or
  handed over when paid at pickup) with the chamber's commission on each, less
  the commission given back on refunds made in the month, and the chamber's
  own ``CommissionInvoice`` to the artisan for that commission (a credit note
  when refunds outweigh the month's sales);
- a ``SettlementStatement``: the payments collected at pickup in the month,
  who holds each (the chamber at a drive or relay point, the artisan at the
  workshop) and what each side owes the other; staff mark it settled.

Every row is written once, by the monthly build, and never changes after: a
part, a refund and a collection each count in one statement only (unique
constraints), whatever the number of builds.
"""

from decimal import Decimal as D

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ZERO = D("0.00")


class ImmutableDocument(Exception):
    """An issued statement or invoice is never changed nor deleted."""


class Period(models.Model):
    """Fields of a monthly document of one artisan."""

    # The first day of the month the document covers.
    period = models.DateField(_("month"), db_index=True)
    created_at = models.DateTimeField(_("built"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-period", "vendor_id"]

    def delete(self, *args, **kwargs):
        raise ImmutableDocument(f"{self} is issued: it cannot be deleted")


class CommissionStatement(Period):
    """The chamber's commission on one artisan's sales of one month.

    ``sales`` and ``commission`` are the sums of its lines: the parts invoiced
    in the month (commission base = the part's sale, ``total_incl_tax``) less
    the refunds of the month.
    """

    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="commission_statements",
        verbose_name=_("artisan"),
    )
    part_count = models.PositiveIntegerField(_("parts invoiced"), default=0)
    sales = models.DecimalField(
        _("sales incl. tax"), max_digits=12, decimal_places=2, default=ZERO
    )
    commission = models.DecimalField(
        _("commission"), max_digits=12, decimal_places=2, default=ZERO
    )
    net = models.DecimalField(
        _("artisan's net amount"), max_digits=12, decimal_places=2, default=ZERO
    )

    class Meta(Period.Meta):
        verbose_name = _("commission statement")
        verbose_name_plural = _("commission statements")
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "period"], name="one_commission_statement_a_month"
            )
        ]

    def __str__(self):
        return f"{self.vendor_id} {self.period:%Y-%m}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableDocument(f"{self} is issued: it cannot change")
        super().save(*args, **kwargs)


class CommissionLineKind(models.TextChoices):
    SALE = "sale", pgettext_lazy("commission line", "Sale")
    REFUND = "refund", pgettext_lazy("commission line", "Refund")


class CommissionLine(models.Model):
    """One part invoiced (``sale``), or one refund of a part (``refund``).

    Amounts are signed: a refund line is negative. A part's sale is counted
    once, and each refund once, ever.
    """

    statement = models.ForeignKey(
        CommissionStatement,
        on_delete=models.PROTECT,
        related_name="lines",
        verbose_name=_("statement"),
    )
    vendor_order = models.ForeignKey(
        "vendors.VendorOrder",
        on_delete=models.PROTECT,
        related_name="commission_lines",
        verbose_name=_("artisan's order"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=CommissionLineKind.choices
    )
    refund = models.OneToOneField(
        "payment.Refund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commission_line",
        verbose_name=_("refund"),
    )
    occurred_at = models.DateTimeField(_("when"))
    base = models.DecimalField(_("sale incl. tax"), max_digits=12, decimal_places=2)
    commission = models.DecimalField(_("commission"), max_digits=12, decimal_places=2)
    net = models.DecimalField(
        _("artisan's net amount"), max_digits=12, decimal_places=2
    )

    class Meta:
        verbose_name = _("commission line")
        verbose_name_plural = _("commission lines")
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor_order"],
                condition=models.Q(kind="sale"),
                name="a_part_sale_counted_once",
            )
        ]

    def __str__(self):
        return f"{self.statement}: {self.kind} {self.vendor_order_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableDocument(f"{self} is issued: it cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableDocument(f"{self} is issued: it cannot be deleted")


class CommissionInvoiceKind(models.TextChoices):
    INVOICE = "invoice", pgettext_lazy("document", "Invoice")
    CREDIT_NOTE = "credit_note", pgettext_lazy("document", "Credit note")


class CommissionInvoice(models.Model):
    """The chamber's invoice to an artisan for a month's commission.

    The chamber is the seller, the artisan the buyer; both identities are
    copied at issue. The commission is what the chamber keeps, VAT included:
    ``amount_excl_tax`` = TTC / (1 + rate) rounded to the cent, ``vat_amount``
    = TTC - HT, so nothing is lost. Numbered in the chamber's own continuous
    series. Only ``pdf`` is written after issue, once, when rendered.
    """

    statement = models.OneToOneField(
        CommissionStatement,
        on_delete=models.PROTECT,
        related_name="invoice",
        verbose_name=_("statement"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=CommissionInvoiceKind.choices,
        default=CommissionInvoiceKind.INVOICE,
    )
    number = models.CharField(_("number"), max_length=60, unique=True)
    sequence_value = models.PositiveBigIntegerField(_("number in the series"))
    issued_on = models.DateField(_("issued on"))
    seller_name = models.CharField(_("seller"), max_length=200)
    seller_address = models.TextField(_("seller's address"), blank=True)
    seller_siret = models.CharField(_("seller's SIRET"), max_length=14, blank=True)
    seller_vat_number = models.CharField(
        _("seller's VAT number"), max_length=20, blank=True
    )
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_legal_form = models.CharField(_("legal form"), max_length=60, blank=True)
    buyer_address = models.TextField(_("buyer's address"), blank=True)
    buyer_siret = models.CharField(_("buyer's SIRET"), max_length=14, blank=True)
    buyer_vat_number = models.CharField(
        _("buyer's VAT number"), max_length=20, blank=True
    )
    amount_excl_tax = models.DecimalField(
        _("amount excl. VAT"), max_digits=12, decimal_places=2
    )
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=4)
    vat_amount = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    amount_incl_tax = models.DecimalField(
        _("amount incl. VAT"), max_digits=12, decimal_places=2
    )
    pdf = models.CharField(_("PDF file"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("chamber's commission invoice")
        verbose_name_plural = _("chamber's commission invoices")
        ordering = ["-issued_on", "-sequence_value"]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        # Issued once; afterwards only the rendered PDF's name is recorded.
        if self.pk is not None and set(kwargs.get("update_fields") or ()) != {"pdf"}:
            raise ImmutableDocument(f"{self} is issued: it cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableDocument(f"{self} is issued: it cannot be deleted")

    @property
    def vat_percent(self):
        return (self.vat_rate * 100).normalize()

    @property
    def is_credit_note(self):
        return self.kind == CommissionInvoiceKind.CREDIT_NOTE


class SettlementMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    STRIPE_NETTING = "stripe_netting", _("Netted off the artisan's Stripe transfers")


class SettlementStatement(Period):
    """What the chamber and an artisan owe each other for a month's pickups.

    ``chamber_owes``: the artisan's net on parts paid at a drive or relay
    point (the chamber holds the money); ``artisan_owes``: what the artisan
    keeps beyond their net on parts paid at the workshop (the chamber's
    commission, less any discount the chamber or a partner funded). The
    balance is paid by one side to the other; staff then mark it settled, and
    from then on nothing of it changes.
    """

    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="settlement_statements",
        verbose_name=_("artisan"),
    )
    collected = models.DecimalField(
        _("collected at pickup"), max_digits=12, decimal_places=2, default=ZERO
    )
    held_by_chamber = models.DecimalField(
        _("held by the chamber"), max_digits=12, decimal_places=2, default=ZERO
    )
    held_by_artisan = models.DecimalField(
        _("held by the artisan"), max_digits=12, decimal_places=2, default=ZERO
    )
    chamber_owes = models.DecimalField(
        _("the chamber owes the artisan"),
        max_digits=12,
        decimal_places=2,
        default=ZERO,
    )
    artisan_owes = models.DecimalField(
        _("the artisan owes the chamber"),
        max_digits=12,
        decimal_places=2,
        default=ZERO,
    )
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settled by"),
    )
    settlement_method = models.CharField(
        _("settled how"), max_length=20, choices=SettlementMethod.choices, blank=True
    )
    settlement_note = models.CharField(_("reference"), max_length=200, blank=True)

    class Meta(Period.Meta):
        verbose_name = _("pickup cash settlement")
        verbose_name_plural = _("pickup cash settlements")
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "period"], name="one_settlement_statement_a_month"
            )
        ]

    def __str__(self):
        return f"{self.vendor_id} {self.period:%Y-%m}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            # Only the settlement is recorded after the build, once.
            recorded = SettlementStatement.objects.filter(pk=self.pk).values_list(
                "settled_at", flat=True
            )
            if recorded.first() is not None or set(
                kwargs.get("update_fields") or ()
            ) - {"settled_at", "settled_by", "settlement_method", "settlement_note"}:
                raise ImmutableDocument(f"{self} is settled: it cannot change")
        super().save(*args, **kwargs)

    @property
    def balance(self):
        """Positive: the chamber pays the artisan; negative: the artisan pays."""
        return self.chamber_owes - self.artisan_owes

    @property
    def amount_due(self):
        return abs(self.balance)

    @property
    def chamber_pays(self):
        return self.balance > 0

    @property
    def artisan_pays(self):
        return self.balance < 0

    @property
    def is_settled(self):
        return self.settled_at is not None


class SettlementEntry(models.Model):
    """One payment collected at pickup, or one refund given back at pickup,
    and what it makes each side owe.

    A refund given back by whoever held the money is negative: the holder
    paid the other side's share of it back to the customer, so they owe that
    much less.
    """

    statement = models.ForeignKey(
        SettlementStatement,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("statement"),
    )
    collection = models.OneToOneField(
        "payment.PickupCollection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="settlement_entry",
        verbose_name=_("payment collected"),
    )
    refund = models.OneToOneField(
        "payment.Refund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="settlement_entry",
        verbose_name=_("refund given back at pickup"),
    )
    vendor_order = models.ForeignKey(
        "vendors.VendorOrder",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("artisan's order"),
    )
    collected_at = models.DateTimeField(_("collected"))
    holder = models.CharField(_("held by"), max_length=10)
    amount = models.DecimalField(_("collected"), max_digits=12, decimal_places=2)
    net_amount = models.DecimalField(
        _("artisan's net amount"), max_digits=12, decimal_places=2
    )
    owed_to_artisan = models.DecimalField(
        _("owed to the artisan"), max_digits=12, decimal_places=2
    )
    owed_to_chamber = models.DecimalField(
        _("owed to the chamber"), max_digits=12, decimal_places=2
    )

    class Meta:
        verbose_name = _("payment collected at pickup")
        verbose_name_plural = _("payments collected at pickup")
        ordering = ["collected_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(collection__isnull=True)
                ^ models.Q(refund__isnull=True),
                name="a_collection_or_a_refund",
            )
        ]

    def __str__(self):
        return f"{self.statement}: {self.vendor_order_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableDocument(f"{self} is issued: it cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableDocument(f"{self} is issued: it cannot be deleted")

    @property
    def is_refund(self):
        return self.refund_id is not None
