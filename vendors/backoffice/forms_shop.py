"""Forms of the back office's orders, shop settings and team."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vendors.actions import STOREFRONT_FIELDS, TRANSITIONS
from vendors.models import Vendor, VendorLabel, VendorOrderStatus
from vendors.validators import normalise_siret


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *VendorOrderStatus.choices],
    )


class VendorOrderStatusForm(forms.Form):
    """Move a vendor order on: the next statuses it allows, and a reason.

    Any known status validates here, so that a change the order's state does
    not allow reaches ``change_vendor_order_status`` and its message; the
    widget only offers the statuses allowed from the current one.
    """

    to_status = forms.ChoiceField(
        label=_("New status"), choices=VendorOrderStatus.choices
    )
    reason = forms.CharField(
        label=_("Message for the customer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you refuse or cancel the order."),
    )

    def __init__(self, vendor_order, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.vendor_order = vendor_order
        allowed = TRANSITIONS[VendorOrderStatus(vendor_order.status)]
        # In the order of the life of an order, not of a set.
        self.allowed_statuses = [s for s in VendorOrderStatus if s in allowed]
        self.fields["to_status"].widget.choices = [
            (s.value, s.label) for s in self.allowed_statuses
        ]


def add_bootstrap_classes(form):
    """Give text inputs and selects the class Oscar's Bootstrap theme styles."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(
            widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.FileInput)
        ):
            continue
        widget.attrs.setdefault("class", "form-control")


class ShopSettingsForm(forms.ModelForm):
    """The storefront fields an artisan edits on their own shop."""

    fieldsets = [
        (_("Storefront"), ("description", "story", "logo", "banner", "labels")),
        (
            _("Workshop"),
            (
                "address",
                "postcode",
                "commune",
                "latitude",
                "longitude",
                "opening_hours",
                "phone",
                "email",
            ),
        ),
        (_("Legal"), ("siret", "vat_regime")),
        (_("Vacation"), ("vacation_mode", "vacation_message")),
    ]

    labels = forms.MultipleChoiceField(
        label=_("Labels"),
        required=False,
        choices=VendorLabel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # Longer than 14 so that "123 456 789 00012", as people type it, gets in.
    siret = forms.CharField(label=_("SIRET"), required=False, max_length=20)

    class Meta:
        model = Vendor
        fields = STOREFRONT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "story": forms.Textarea(attrs={"rows": 8}),
            "opening_hours": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self)

    def clean_siret(self):
        return normalise_siret(self.cleaned_data.get("siret"))

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("vacation_mode")
            and not (cleaned_data.get("vacation_message") or "").strip()
        ):
            self.add_error(
                "vacation_message",
                _(
                    "Tell your customers when you will be back: a message is "
                    "required in vacation mode."
                ),
            )
        return cleaned_data


class TeamInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "An account is created for an unknown address, and a link to choose "
            "a password is sent to it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self)
