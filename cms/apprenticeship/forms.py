"""Forms of apprenticeship offers (the artisan's) and applications (the
young person's)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApprenticeshipApplication, ApprenticeshipOffer, Diploma

CV_MAX_BYTES = 5 * 1024 * 1024


class OfferForm(forms.ModelForm):
    """An offer: opens in the future, closes today or later."""

    class Meta:
        model = ApprenticeshipOffer
        fields = [
            "title",
            "metier",
            "diploma",
            "starts_on",
            "duration_months",
            "town",
            "place",
            "hours_per_week",
            "closes_on",
            "description",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = self.fields["town"].queryset.order_by("name")

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on <= timezone.localdate():
            raise forms.ValidationError(_("The start date must be after today."))
        return starts_on

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError(_("The closing date cannot be in the past."))
        return closes_on


def validate_pdf(upload):
    """A PDF by its content (its first bytes), of at most 5 MB."""
    if upload.size > CV_MAX_BYTES:
        raise forms.ValidationError(_("The CV must be 5 MB or less."))
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise forms.ValidationError(_("The CV must be a PDF file."))


class ApplicationForm(forms.ModelForm):
    """A young person's application; ``website`` is a honeypot left empty
    by people and filled by robots."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = ApprenticeshipApplication
        fields = ["name", "email", "phone", "age_bracket", "message", "cv"]
        widgets = {"cv": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}

    def clean_cv(self):
        cv = self.cleaned_data.get("cv")
        if cv:
            validate_pdf(cv)
        return cv

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""


class OfferFilterForm(forms.Form):
    """The index's GET filters; an unknown value is ignored."""

    diploma = forms.ChoiceField(
        label=_("Diploma"),
        required=False,
        choices=[("", _("Any diploma"))] + list(Diploma.choices),
    )
    metier = forms.CharField(label=_("Craft"), required=False, max_length=80)
    departement = forms.CharField(
        label=_("Département (number)"), required=False, max_length=3
    )
    near = forms.CharField(
        label=_("Near a town or postcode"), required=False, max_length=80
    )


def describe_errors(form):
    """Tie each invalid field to its error message (``<id>_error``)."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            described = f"{form[name].auto_id}_error"
            if form.fields[name].help_text:
                described += f" {form[name].auto_id}_helptext"
            widget.attrs["aria-describedby"] = described
            widget.attrs["aria-invalid"] = "true"
