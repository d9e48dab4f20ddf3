"""Forms of the chamber staff's pages on artisans."""

from decimal import Decimal as D

from django import forms
from django.utils.translation import gettext_lazy as _

from vendors.models import ApplicationStatus, Vendor, VendorStatus
from vendors.reports import current_month

COMMISSION_HELP = _(
    "A fraction of each order's total, e.g. 0.08 for 8 %. Leave empty to use "
    "the marketplace's default rate. Orders already placed keep their rate."
)


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All"))] + ApplicationStatus.choices,
        required=False,
    )


class ApproveApplicationForm(forms.Form):
    commission_rate = forms.DecimalField(
        label=_("Commission rate"),
        required=False,
        min_value=D("0"),
        max_value=D("1"),
        max_digits=5,
        decimal_places=4,
        help_text=COMMISSION_HELP,
    )


class ReasonForm(forms.Form):
    """A reason that is sent to the artisan, so it may not be blank."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the artisan by e-mail."),
    )


class VendorFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All"))] + VendorStatus.choices,
        required=False,
    )


class VendorTermsForm(forms.ModelForm):
    """What chamber staff set on a shop; its status changes only by actions."""

    class Meta:
        model = Vendor
        fields = ["commission_rate", "vat_regime"]
        help_texts = {"commission_rate": COMMISSION_HELP}


class CommissionReportForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, data=None, **kwargs):
        # The current month unless the person asked for another period.
        if not data or not (data.get("date_from") or data.get("date_to")):
            first, last = current_month()
            data = {"date_from": first.isoformat(), "date_to": last.isoformat()}
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError(
                _("The start of the period must come before its end.")
            )
        return cleaned
