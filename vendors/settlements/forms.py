"""Forms of the monthly statements' pages."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .building import first_of_month, previous_month
from .models import SettlementMethod


class MonthField(forms.DateField):
    """A month typed as ``YYYY-MM`` (an ``<input type="month">``)."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]

    def to_python(self, value):
        day = super().to_python(value)
        return first_of_month(day) if day else day


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"))

    def __init__(self, data=None, **kwargs):
        if data is not None and not data.get("month"):
            data = {"month": f"{previous_month():%Y-%m}"}
        super().__init__(data, **kwargs)


class BuildMonthForm(forms.Form):
    month = MonthField(label=_("Month"))

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month >= first_of_month(timezone.localdate()):
            raise forms.ValidationError(_("A month can be built once it is over."))
        if month < datetime.date(2000, 1, 1):
            raise forms.ValidationError(_("Please choose a recent month."))
        return month


class SettleForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Settled how"),
        choices=SettlementMethod.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reference (bank transfer, Stripe transfers)"),
        max_length=200,
        required=False,
    )
