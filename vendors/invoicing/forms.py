"""Forms of the artisan's invoices page."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import validate_number_prefix


class MonthFilterForm(forms.Form):
    """Which month of documents to list (all when empty)."""

    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("For example 2026-03."),
    )

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            return datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(
                _("Please give a month as year-month, e.g. 2026-03.")
            ) from None


class NumberPrefixForm(forms.Form):
    """The prefix of the artisan's invoice numbers (until the first invoice)."""

    number_prefix = forms.CharField(
        label=_("Prefix of your invoice numbers"),
        max_length=20,
        help_text=_(
            "Capital letters, digits and hyphens. It can change until your first "
            "invoice is issued."
        ),
    )

    def clean_number_prefix(self):
        prefix = self.cleaned_data["number_prefix"].strip().upper()
        validate_number_prefix(prefix)
        return prefix
