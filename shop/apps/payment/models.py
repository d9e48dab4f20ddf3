"""Stripe's side of the marketplace: events, payments, artisans' accounts, payouts.

Amounts are stored in cents here, as Stripe counts them; the domain (orders,
vendor orders) keeps ``Decimal`` euros and converts with ``consts.to_cents`` /
``consts.from_cents`` at this boundary.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .consts import from_cents


class StripeEventStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("stripe event status", "Received")
    PROCESSED = "processed", pgettext_lazy("stripe event status", "Processed")
    IGNORED = "ignored", pgettext_lazy("stripe event status", "Ignored")
    FAILED = "failed", pgettext_lazy("stripe event status", "Failed")


class StripeEvent(models.Model):
    """A webhook event from Stripe, recorded once per Stripe event id.

    The unique ``event_id`` is what makes a repeated delivery harmless: the
    second insert fails and the event is not processed again.
    """

    event_id = models.CharField(_("Stripe event id"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100, db_index=True)
    object_id = models.CharField(
        _("object id"), max_length=255, blank=True, db_index=True
    )
    account_id = models.CharField(_("connected account"), max_length=255, blank=True)
    created = models.DateTimeField(_("created at Stripe"))
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StripeEventStatus.choices,
        default=StripeEventStatus.RECEIVED,
        db_index=True,
    )
    last_error = models.TextField(_("last error"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return f"{self.event_id} ({self.type})"

    @property
    def data_object(self):
        """The Stripe object the event is about, as a dict."""
        return self.payload.get("data", {}).get("object", {})


class PaymentIntentRecord(models.Model):
    """A Stripe PaymentIntent taken for an order, as far as we know it.

    ``last_event_created`` is the Stripe ``created`` time of the newest event
    applied; an older event arriving late is ignored.
    """

    order = models.ForeignKey(
        "order.Order",
        on_delete=models.PROTECT,
        related_name="payment_intents",
        verbose_name=_("order"),
    )
    intent_id = models.CharField(_("PaymentIntent id"), max_length=255, unique=True)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("Stripe status"), max_length=40, db_index=True)
    latest_charge_id = models.CharField(_("charge id"), max_length=255, blank=True)
    amount_refunded_cents = models.PositiveBigIntegerField(
        _("refunded at Stripe (cents)"), default=0
    )
    dispute_id = models.CharField(_("dispute id"), max_length=255, blank=True)
    last_event_created = models.DateTimeField(
        _("newest event applied"), null=True, blank=True
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Stripe payment")
        verbose_name_plural = _("Stripe payments")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.intent_id

    @property
    def amount(self):
        return from_cents(self.amount_cents)

    @property
    def is_paid(self):
        return self.paid_at is not None


class ConnectedAccount(models.Model):
    """An artisan's Stripe Express account, kept current by ``account.updated``."""

    vendor = models.OneToOneField(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="stripe_account",
        verbose_name=_("artisan"),
    )
    account_id = models.CharField(_("Stripe account id"), max_length=255, unique=True)
    charges_enabled = models.BooleanField(_("charges enabled"), default=False)
    payouts_enabled = models.BooleanField(_("payouts enabled"), default=False)
    details_submitted = models.BooleanField(_("details submitted"), default=False)
    # The "transfers" capability: what separate charges and transfers need.
    transfers_active = models.BooleanField(_("transfers enabled"), default=False)
    requirements_due = models.JSONField(
        _("requirements currently due"), default=list, blank=True
    )
    last_event_created = models.DateTimeField(
        _("newest event applied"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Stripe connected account")
        verbose_name_plural = _("Stripe connected accounts")

    def __str__(self):
        return self.account_id

    @property
    def can_receive_transfers(self):
        """True when Stripe lets the artisan be paid (as ``account.updated`` says)."""
        return self.transfers_active and self.payouts_enabled


class TransferStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("transfer status", "Pending")
    TRANSFERRED = "transferred", pgettext_lazy("transfer status", "Transferred")
    PARTIALLY_REVERSED = (
        "partially_reversed",
        pgettext_lazy("transfer status", "Partially reversed"),
    )
    REVERSED = "reversed", pgettext_lazy("transfer status", "Reversed")


class Transfer(models.Model):
    """The payout ledger entry of a vendor order: at most one per vendor order.

    The row is written (``pending``) before Stripe is called and holds the
    deterministic idempotency key, so a retried or duplicated task finds it
    and never pays twice.
    """

    vendor_order = models.OneToOneField(
        "vendors.VendorOrder",
        on_delete=models.PROTECT,
        related_name="transfer",
        verbose_name=_("artisan's order"),
    )
    transfer_id = models.CharField(_("Stripe transfer id"), max_length=255, blank=True)
    destination = models.CharField(_("connected account"), max_length=255)
    source_transaction = models.CharField(_("charge id"), max_length=255, blank=True)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    reversed_cents = models.PositiveBigIntegerField(_("reversed (cents)"), default=0)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TransferStatus.choices,
        default=TransferStatus.PENDING,
        db_index=True,
    )
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=255, unique=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    transferred_at = models.DateTimeField(_("transferred"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("transfer to an artisan")
        verbose_name_plural = _("transfers to artisans")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.transfer_id or self.idempotency_key

    @property
    def amount(self):
        return from_cents(self.amount_cents)

    @property
    def reversed_amount(self):
        return from_cents(self.reversed_cents)

    @property
    def is_paid(self):
        """True once Stripe holds the transfer (whatever was reversed since)."""
        return bool(self.transfer_id)


class CollectionMethod(models.TextChoices):
    CASH = "cash", pgettext_lazy("means of payment", "Cash")
    CARD = "card", pgettext_lazy("means of payment", "Card")
    CHEQUE = "cheque", pgettext_lazy("means of payment", "Cheque")


class CollectionHolder(models.TextChoices):
    """Who holds the money collected at a pickup until it is settled."""

    CHAMBER = "chamber", _("The chamber (drive or relay point)")
    ARTISAN = "artisan", _("The artisan (workshop)")


class Refund(models.Model):
    """A refund of (part of) a vendor order, with the transfer reversal it caused."""

    vendor_order = models.ForeignKey(
        "vendors.VendorOrder",
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("artisan's order"),
    )
    refund_id = models.CharField(_("Stripe refund id"), max_length=255, unique=True)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    reversal_id = models.CharField(
        _("transfer reversal id"), max_length=255, blank=True
    )
    reversal_cents = models.PositiveBigIntegerField(
        _("reversed from the artisan (cents)"), default=0
    )
    reason = models.TextField(_("reason"), blank=True)
    # A refund made at pickup (no Stripe refund): how the money was given
    # back, and who gave it (whoever held what the customer paid); both
    # blank for a refund made through Stripe.
    method = models.CharField(
        _("means of refund"),
        max_length=10,
        choices=CollectionMethod.choices,
        blank=True,
    )
    holder = models.CharField(
        _("paid back by"), max_length=10, choices=CollectionHolder.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.refund_id

    @property
    def amount(self):
        return from_cents(self.amount_cents)

    @property
    def made_at_pickup(self):
        """True for a refund recorded by staff, made outside Stripe."""
        return bool(self.method)


class PickupCollection(models.Model):
    """What was collected for an artisan's part paid at pickup, how and where.

    One per vendor order: recorded at its hand-over, with the order's
    pay-at-pickup source debited in the same transaction. Money collected at a
    drive or relay point is held by the chamber, at a workshop by the artisan.
    """

    vendor_order = models.OneToOneField(
        "vendors.VendorOrder",
        on_delete=models.PROTECT,
        related_name="pickup_collection",
        verbose_name=_("artisan's order"),
    )
    amount = models.DecimalField(_("amount collected"), max_digits=12, decimal_places=2)
    method = models.CharField(
        _("means of payment"), max_length=10, choices=CollectionMethod.choices
    )
    holder = models.CharField(
        _("held by"), max_length=10, choices=CollectionHolder.choices
    )
    point = models.ForeignKey(
        "delivery.PickupPoint",
        on_delete=models.PROTECT,
        related_name="collections",
        verbose_name=_("pickup point"),
    )
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collected by"),
    )
    collected_at = models.DateTimeField(_("collected"), db_index=True)

    class Meta:
        verbose_name = _("payment collected at pickup")
        verbose_name_plural = _("payments collected at pickup")
        ordering = ["-collected_at", "-id"]

    def __str__(self):
        return f"{self.vendor_order}: {self.amount} ({self.method})"


from oscar.apps.payment.models import *  # noqa: E402, F403 isort:skip
