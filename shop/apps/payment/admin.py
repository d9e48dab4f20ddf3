"""Read-only views of the Stripe records for chamber staff (Django admin)."""

from django.contrib import admin

from oscar.apps.payment.admin import *  # noqa: F403 isort:skip

from .models import (  # noqa: E402
    ConnectedAccount,
    PaymentIntentRecord,
    Refund,
    StripeEvent,
    Transfer,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Stripe and the webhooks write these; people only look."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "object_id", "created", "status"]
    list_filter = ["status", "type"]
    search_fields = ["event_id", "object_id"]


@admin.register(PaymentIntentRecord)
class PaymentIntentRecordAdmin(ReadOnlyAdmin):
    list_display = ["intent_id", "order", "amount_cents", "status", "paid_at"]
    list_filter = ["status"]
    search_fields = ["intent_id", "order__number", "latest_charge_id"]


@admin.register(ConnectedAccount)
class ConnectedAccountAdmin(ReadOnlyAdmin):
    list_display = [
        "account_id",
        "vendor",
        "charges_enabled",
        "payouts_enabled",
        "transfers_active",
    ]
    search_fields = ["account_id", "vendor__partner__name"]


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = [
        "vendor_order",
        "transfer_id",
        "amount_cents",
        "reversed_cents",
        "status",
        "transferred_at",
    ]
    list_filter = ["status"]
    search_fields = ["transfer_id", "vendor_order__number"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["refund_id", "vendor_order", "amount_cents", "reversal_id"]
    search_fields = ["refund_id", "vendor_order__number"]
