"""Promotion funding in the Django admin, for support (read mostly)."""

from django.contrib import admin

from .models import FundedDiscount, Funder, OfferFunding


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_name", "contact_email"]
    search_fields = ["name"]


@admin.register(OfferFunding)
class OfferFundingAdmin(admin.ModelAdmin):
    list_display = ["offer", "kind", "funder", "vendor", "budget", "spent"]
    list_filter = ["kind"]
    readonly_fields = ["spent"]


@admin.register(FundedDiscount)
class FundedDiscountAdmin(admin.ModelAdmin):
    list_display = ["vendor_order", "offer_name", "kind", "funder", "amount"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in FundedDiscount._meta.fields]
