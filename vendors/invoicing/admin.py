"""Invoices and credit notes in the Django admin: read only, as issued."""

from django.contrib import admin

from .models import CreditNote, DocumentSequence, Invoice, InvoicingProfile


class ReadOnlyAdmin(admin.ModelAdmin):
    """Issued documents are looked at, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ("number", "vendor", "vendor_order", "issued_at", "total_incl_tax")
    list_filter = ("issued_at",)
    search_fields = ("number", "vendor_order__number")
    list_select_related = ("vendor__partner", "vendor_order")


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ("number", "vendor", "invoice", "issued_at", "total_incl_tax")
    list_filter = ("issued_at", "reason")
    search_fields = ("number", "invoice__number")
    list_select_related = ("vendor__partner", "invoice")


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(ReadOnlyAdmin):
    list_display = ("key", "last_value", "updated_at")


@admin.register(InvoicingProfile)
class InvoicingProfileAdmin(ReadOnlyAdmin):
    list_display = ("vendor", "number_prefix")
