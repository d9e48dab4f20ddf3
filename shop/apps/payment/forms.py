"""Forms of the payout ledger and of refunds (back office and staff dashboard)."""

from decimal import Decimal as D

from django import forms
from django.utils.translation import gettext_lazy as _

from vendors.models import Vendor

from .models import CollectionMethod


class RefundForm(forms.Form):
    """An amount to refund on a vendor order, and why.

    Only the amount's form is checked here: what remains refundable is the
    refund action's to decide (under a lock), and its refusal is shown as is.
    """

    # Localized: in French, "12,50" (and "12.50") are both read as 12.50 €.
    amount = forms.DecimalField(
        label=_("Amount to refund (€)"),
        min_value=D("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the refund, for the order's history."),
    )


class PickupRefundForm(RefundForm):
    """A refund given back by hand on a part paid at pickup: how much, by
    which means, and why. What remains refundable is the action's to decide."""

    field_order = ["amount", "method", "reason"]

    method = forms.ChoiceField(
        label=_("Given back by"),
        choices=CollectionMethod.choices,
        widget=forms.RadioSelect,
    )


class StaffLedgerFilterForm(forms.Form):
    vendor = forms.ModelChoiceField(
        label=_("Artisan"),
        queryset=Vendor.objects.select_related("partner").order_by("partner__name"),
        required=False,
        empty_label=_("All artisans"),
    )
    date_from = forms.DateField(
        label=_("Placed from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError(
                _("The start of the period must come before its end.")
            )
        return cleaned
