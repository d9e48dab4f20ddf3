"""Forms of the back office's orders, shop settings and team."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.apps.payment.models import CollectionMethod
from vendors.actions import STOREFRONT_FIELDS
from vendors.lifecycle import Collection, CollectionNeeded, StepInput
from vendors.lifecycle.rules import Stock
from vendors.models import PartAction, Vendor, VendorLabel, VendorOrderStatus
from vendors.validators import normalise_siret, normalise_vat_number


class OrderFilterForm(forms.Form):
    # Parts awaiting an online payment never reach their artisan.
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            *(
                choice
                for choice in VendorOrderStatus.choices
                if choice[0] != VendorOrderStatus.AWAITING_PAYMENT
            ),
        ],
    )


# Steps that end a part before its goods leave: shown apart, in red.
ENDING_STEPS = frozenset({PartAction.REFUSE, PartAction.CANCEL})


class OrderStepForm(forms.Form):
    """What one step of a part needs, beside its button.

    A reason for the customer (refusing, cancelling), the carrier and tracking
    number (shipping), the customer's pickup code and, for a part paid at
    pickup, how they paid and how much (hand-over at the workshop), whether
    the goods go back in stock (a parcel taken back). Steps that need nothing
    are a button alone. The order conductor checks the step again; what it
    still asks for (how the customer paid, a hand-over off its day to
    confirm) is shown with ``ask_for``.
    """

    def __init__(self, transition, *args, amount_due=None, **kwargs):
        # Several steps' forms share a page: their ids must not clash.
        kwargs.setdefault("auto_id", f"id_{transition.action}_%s")
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.action = transition.action
        self.asked = ""
        if transition.needs_reason:
            self.fields["reason"] = forms.CharField(
                label=_("Message for the customer"),
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Say why: the customer reads it."),
                max_length=2000,
                error_messages={
                    "required": _("Please give a reason for the customer.")
                },
            )
        if transition.action == PartAction.SHIP:
            self.fields["carrier"] = forms.CharField(
                label=_("Carrier"),
                required=False,
                max_length=60,
                widget=forms.TextInput(attrs={"placeholder": "Colissimo"}),
            )
            self.fields["tracking_number"] = forms.CharField(
                label=_("Tracking number"),
                required=False,
                max_length=60,
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "spellcheck": "false"}
                ),
            )
        if transition.needs_code:
            self.fields["code"] = forms.CharField(
                label=_("Customer's pickup code"),
                help_text=_("Type the code the customer gives you."),
                max_length=32,
                widget=forms.TextInput(
                    attrs={
                        "autocomplete": "off",
                        "autocapitalize": "characters",
                        "spellcheck": "false",
                        "placeholder": "ABCD-EF23",
                    }
                ),
            )
            if amount_due is not None:
                self.add_collection_fields(amount_due)
            # Posted once the conductor asked to confirm the day; shown only then.
            self.fields["confirm_off_day"] = forms.BooleanField(
                label=_("Hand over anyway"), required=False
            )
        if transition.stock == Stock.AS_THE_ARTISAN_SAYS:
            # The conductor says when nothing was chosen.
            self.fields["restock"] = forms.TypedChoiceField(
                label=_("The goods"),
                choices=[
                    ("yes", _("go back in stock")),
                    ("no", _("cannot be sold again")),
                ],
                coerce=lambda value: value == "yes",
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        add_bootstrap_classes(self)

    def add_collection_fields(self, amount_due):
        self.fields["method"] = forms.ChoiceField(
            label=_("Paid by"),
            required=False,
            choices=CollectionMethod.choices,
            widget=forms.RadioSelect,
        )
        self.fields["amount"] = forms.DecimalField(
            label=_("Amount collected (€)"),
            required=False,
            min_value=0,
            max_digits=12,
            decimal_places=2,
            initial=amount_due,
            widget=forms.NumberInput(attrs={"step": "0.01", "class": "form-control"}),
        )

    @property
    def is_ending(self):
        """A step that ends the part (refuse, cancel): shown apart, in red."""
        return self.action in ENDING_STEPS

    @property
    def is_one_click(self):
        return not self.fields

    def shown_fields(self):
        """The fields to show now: "hand over anyway" only once asked for."""
        return [
            field
            for field in self
            if field.name != "confirm_off_day" or self.asked == "day"
        ]

    def ask_for(self, needed):
        """Show what the step still needs (how the customer paid, or a
        confirmation of the day), with the reason."""
        if isinstance(needed, CollectionNeeded):
            self.asked = "collection"
            if "method" not in self.fields:
                self.add_collection_fields(needed.amount)
        else:
            self.asked = "day"
        self.add_error(None, str(needed))

    def step_input(self):
        data = self.cleaned_data
        collection = None
        if data.get("method"):
            collection = Collection(
                method=data["method"], amount=data.get("amount") or 0
            )
        return StepInput(
            reason=data.get("reason", ""),
            code=data.get("code", ""),
            carrier=data.get("carrier", ""),
            tracking_number=data.get("tracking_number", ""),
            restock=data.get("restock"),
            collection=collection,
            confirm_off_day=data.get("confirm_off_day", False),
        )


def add_bootstrap_classes(form):
    """Give text inputs and selects the class Oscar's Bootstrap theme styles."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(
            widget,
            (
                forms.CheckboxInput,
                forms.CheckboxSelectMultiple,
                forms.RadioSelect,
                forms.FileInput,
            ),
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
        (
            _("Legal"),
            ("legal_name", "legal_form", "siret", "vat_number", "vat_regime"),
        ),
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
    vat_number = forms.CharField(
        label=_("VAT number"),
        required=False,
        max_length=20,
        help_text=_("Intra-community VAT number, if you have one."),
    )

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

    def clean_vat_number(self):
        return normalise_vat_number(self.cleaned_data.get("vat_number"))

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
            "We e-mail an invitation to this address. The person joins your "
            "team once they accept it, with the account of this address or a "
            "new one."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self)
