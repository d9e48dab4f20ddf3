"""Endpoints artisans register, events of their shop, and each delivery's log."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

# What an endpoint's signing secret starts with (recognisable when pasted).
SECRET_PREFIX = "whsec_"


def new_secret():
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def new_event_id():
    return "evt_" + secrets.token_hex(12)


class EventType(models.TextChoices):
    ORDER_PAID = (
        "order.paid",
        _("An order is paid to you (online, or placed to pay at pickup)"),
    )
    ORDER_CANCELLED = "order.cancelled", _("An order is cancelled or refused")
    STOCK_LOW = "stock.low", _("A product's stock runs low")


class WebhookEndpoint(models.Model):
    """A URL of an artisan's program, told of the events it chose.

    The secret signs every delivery, so it is kept (not hashed); it is shown
    to the artisan once, when made or rotated.
    """

    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("shop"),
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=120, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=80, default=new_secret, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    secret_rotated_at = models.DateTimeField(_("secret rotated"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.url

    @property
    def secret_start(self):
        return self.secret[: len(SECRET_PREFIX) + 4]

    def event_labels(self):
        return [EventType(value).label for value in self.events if value in EventType]


class WebhookEvent(models.Model):
    """Something that happened in one shop, as its endpoints receive it.

    ``payload`` is the whole document sent (id, type, created, data); it is
    the same for every attempt of every delivery of the event.
    """

    event_id = models.CharField(
        _("event id"), max_length=40, unique=True, default=new_event_id, editable=False
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        related_name="webhook_events",
        verbose_name=_("shop"),
    )
    type = models.CharField(_("type"), max_length=30, choices=EventType.choices)
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.event_id} ({self.type})"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Being delivered")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Given up")


class WebhookDelivery(models.Model):
    """One event to one endpoint, tried until it is answered 2xx (or given up)."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    event = models.ForeignKey(
        WebhookEvent,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("event"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next retry"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event"], name="webhooks_one_delivery_per_endpoint"
            )
        ]

    def __str__(self):
        return f"{self.event} -> {self.endpoint}"


class WebhookAttempt(models.Model):
    """One try of a delivery: what the endpoint answered, how fast, or why not."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("delivery"),
    )
    attempted_at = models.DateTimeField(_("when"))
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    error = models.CharField(_("error"), max_length=300, blank=True)
    next_retry_at = models.DateTimeField(_("next retry"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["-attempted_at", "-id"]

    def __str__(self):
        return f"{self.delivery}: {self.status_code or self.error}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300


class LowStockNotice(models.Model):
    """A stock record its shop was told is low; removed once it is back above
    the threshold, so the next fall is told again (and only then)."""

    stockrecord = models.OneToOneField(
        "partner.StockRecord",
        on_delete=models.CASCADE,
        related_name="+",
    )
    notified_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("low-stock notice")
        verbose_name_plural = _("low-stock notices")

    def __str__(self):
        return f"low stock: {self.stockrecord_id}"
