"""Forms of the logistics console."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.apps.payment.models import CollectionMethod

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
        label=_("Find a parcel"),
        required=False,
        help_text=_(
            "A whole pickup code, an order number or a customer's name. "
            "A part of a code finds nothing."
        ),
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Code, order number or name"),
                "maxlength": MAX_SEARCH_LENGTH,
                "autocomplete": "off",
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


class HandOverForm(PickupCodeForm):
    """The code, then, when the parcel asks for it, how the customer paid and
    whether a hand-over off the slot's day is confirmed."""

    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Not required here: the order conductor says when a means is needed
    # (a part paid at pickup), and refuses the hand-over without one.
    method = forms.ChoiceField(
        label=_("How did the customer pay?"),
        required=False,
        choices=CollectionMethod.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    amount = forms.DecimalField(
        label=_("Amount collected (€)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        # "27,35" as typed in French, and "27.35" as well.
        localize=True,
        widget=forms.TextInput(
            attrs={
                "inputmode": "decimal",
                "autocomplete": "off",
                "class": "form-control form-control-lg",
            }
        ),
    )
    confirm_off_day = forms.BooleanField(
        label=_("Hand over anyway"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
