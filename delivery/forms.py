"""Forms of the logistics console."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

# Days the console can show: beyond them a date is a typing mistake (and the
# year 9999 would overflow when turned into a time range).
FIRST_DAY = datetime.date(2020, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
MAX_SEARCH_LENGTH = 100


class ManifestFilterForm(forms.Form):
    """The day and search of a manifest, read from the query string."""

    date = forms.DateField(
        label=_("Day"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    q = forms.CharField(
        label=_("Code or customer"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Pickup code or customer's name"),
                "maxlength": MAX_SEARCH_LENGTH,
            }
        ),
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(_("This day is out of range."))
        return day

    def clean_q(self):
        # Cut rather than refused: a long search is no reason to lose the day.
        return self.cleaned_data["q"].strip()[:MAX_SEARCH_LENGTH]


class PickupCodeForm(forms.Form):
    """One field a person types a pickup code into, or a scanner fills in."""

    code = forms.CharField(
        label=_("Pickup code"),
        max_length=64,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "ABCD-EF23",
                "class": "form-control form-control-lg mr-2",
            }
        ),
    )
