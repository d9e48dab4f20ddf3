"""The DEAR diagnostic request form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContactPreference, DiagnosticRequest, DiagnosticTopic


class DiagnosticRequestForm(forms.ModelForm):
    """What the artisan asks the chamber's diagnostic about, and how to be
    reached; a phone number is required when the phone is preferred."""

    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=DiagnosticTopic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    contact = forms.ChoiceField(
        label=_("Preferred contact"),
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
        initial=ContactPreference.EMAIL,
    )

    class Meta:
        model = DiagnosticRequest
        fields = ["topics", "message", "contact", "phone"]
        labels = {"message": _("Your message"), "phone": _("Phone")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact") == ContactPreference.PHONE and not cleaned.get(
            "phone"
        ):
            self.add_error("phone", _("Give a phone number to be called back."))
        return cleaned
