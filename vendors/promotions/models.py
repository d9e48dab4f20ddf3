"""Who pays for a promotion, how much it may give, and what each funder owes.

Every Oscar offer (and so every voucher, through its offers) has a funder:
the chamber, a partner territory, or the artisan whose shop it discounts.
An offer with no ``OfferFunding`` row is the chamber's. A discount the chamber
or a territory funds is paid to the artisan by the funder, through the
chamber: it never lowers the artisan's sale, commission base or net. An
artisan's own discount lowers their sale.
"""

from decimal import Decimal as D

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class FunderKind(models.TextChoices):
    CHAMBER = "chamber", _("The chamber")
    TERRITORY = "territory", _("A partner territory")
    ARTISAN = "artisan", _("The artisan")


# The funders who pay for a discount in the artisan's place.
THIRD_PARTY_KINDS = (FunderKind.CHAMBER, FunderKind.TERRITORY)


class Funder(models.Model):
    """A partner territory (a metropolis, a department, a commune) that funds
    campaigns and is invoiced by the chamber for what they gave."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    logo = models.ImageField(_("logo"), upload_to="funders/", blank=True)
    contact_name = models.CharField(_("contact name"), max_length=160, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    address = models.TextField(_("postal address"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner territory")
        verbose_name_plural = _("partner territories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OfferFunding(models.Model):
    """Who funds one Oscar offer, its budget cap and its limit per customer.

    ``spent`` is what the offer gave on placed orders since its budget was
    set; it is written at placement under a row lock, so the cap holds when
    many checkouts run at once (Oscar's own ``total_discount`` is a
    read-modify-write of the offer, and is only kept in step from here).
    """

    offer = models.OneToOneField(
        "offer.ConditionalOffer",
        on_delete=models.CASCADE,
        related_name="funding",
        verbose_name=_("offer"),
    )
    kind = models.CharField(
        _("funded by"),
        max_length=12,
        choices=FunderKind.choices,
        default=FunderKind.CHAMBER,
    )
    funder = models.ForeignKey(
        Funder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fundings",
        verbose_name=_("partner territory"),
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="promotion_fundings",
        verbose_name=_("artisan"),
    )
    budget = models.DecimalField(
        _("budget cap (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The most this offer may give in total; empty: no cap."),
    )
    per_customer_limit = models.PositiveIntegerField(
        _("orders per customer"),
        null=True,
        blank=True,
        help_text=_("How many orders one customer may place with it; empty: any."),
    )
    spent = models.DecimalField(
        _("budget used (EUR)"), max_digits=12, decimal_places=2, default=D("0.00")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("offer funding")
        verbose_name_plural = _("offer fundings")

    def __str__(self):
        return f"{self.offer} ({self.funder_name})"

    def clean(self):
        if self.kind == FunderKind.TERRITORY and self.funder_id is None:
            raise ValidationError(
                {"funder": _("Choose the partner territory that funds this offer.")}
            )
        if self.kind == FunderKind.ARTISAN and self.vendor_id is None:
            raise ValidationError(
                {"vendor": _("Choose the artisan who funds this offer.")}
            )
        if self.budget is not None and self.budget <= 0:
            raise ValidationError({"budget": _("A budget cap is more than zero.")})

    @property
    def funder_name(self):
        if self.kind == FunderKind.TERRITORY and self.funder_id:
            return self.funder.name
        if self.kind == FunderKind.ARTISAN and self.vendor_id:
            return str(self.vendor)
        return str(FunderKind(self.kind).label)

    @property
    def remaining(self):
        """What the budget may still give, or None without a cap."""
        if self.budget is None:
            return None
        return max(self.budget - self.spent, D("0.00"))

    @property
    def is_spent(self):
        return self.budget is not None and self.spent >= self.budget

    @property
    def lowers_sale(self):
        """True when the artisan pays: the discount lowers their sale."""
        return self.kind == FunderKind.ARTISAN


class FundedDiscount(models.Model):
    """What one funder pays for one artisan's part: a discount of one offer
    (on the part's lines, or on its fulfilment fees) paid by the chamber or a
    partner territory instead of the customer. Written at placement by
    ``split_order_by_vendor``; the parts' ``funded_discount`` is their sum."""

    vendor_order = models.ForeignKey(
        "vendors.VendorOrder",
        on_delete=models.CASCADE,
        related_name="funded_discounts",
        verbose_name=_("artisan's order"),
    )
    offer = models.ForeignKey(
        "offer.ConditionalOffer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funded_discounts",
        verbose_name=_("offer"),
    )
    offer_name = models.CharField(_("offer"), max_length=128)
    kind = models.CharField(_("funded by"), max_length=12, choices=FunderKind.choices)
    funder = models.ForeignKey(
        Funder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_discounts",
        verbose_name=_("partner territory"),
    )
    on_fulfilment = models.BooleanField(_("on fulfilment fees"), default=False)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("funded discount")
        verbose_name_plural = _("funded discounts")
        ordering = ["vendor_order_id", "pk"]

    def __str__(self):
        return f"{self.vendor_order}: {self.offer_name} {self.amount}"

    @property
    def funder_name(self):
        if self.kind == FunderKind.TERRITORY and self.funder_id:
            return self.funder.name
        return str(FunderKind(self.kind).label)
