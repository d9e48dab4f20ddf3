"""Forms of the artisans' public pages: directory filters, sorting, applying."""

import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.db.models import prefetch_related_objects
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shop.apps.geo.lookup import candidates

from .fetch import DEFAULT_PRODUCT_ORDERING
from .models import VendorApplication
from .validators import (
    normalise_siret,
    normalise_vat_number,
    validate_siret,
    validate_vat_number,
)

User = get_user_model()

PHONE_CHARACTERS = re.compile(r"^[0-9 +().\-]+$")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 10, 15
FRENCH_POSTCODE = re.compile(r"^[0-9]{5}$")
# Enough for the most shared names (a score of Sainte-Colombe, Saint-Martin...).
MAX_COMMUNE_CHOICES = 30


class DirectoryFilterForm(forms.Form):
    """Narrow the directory to one craft and/or one town (GET parameters)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    metier = forms.ChoiceField(label=_("Craft"), required=False)
    commune = forms.ChoiceField(label=_("Town"), required=False)
    near = forms.CharField(label=_("Near"), required=False, max_length=80)

    def __init__(self, *args, metiers=(), communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metier"].choices = [("", _("All crafts"))] + [
            (value, value) for value in metiers
        ]
        self.fields["commune"].choices = [("", _("All towns"))] + [
            (value, value) for value in communes
        ]

    def filters(self):
        """The valid filters as keyword arguments (unknown values are ignored)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in ("metier", "commune") and value
        }

    def search(self):
        """The words and the town to search artisans by (empty when invalid)."""
        if not self.is_bound or not self.is_valid():
            return "", ""
        return (
            self.cleaned_data.get("q", "").strip(),
            self.cleaned_data.get("near", "").strip(),
        )


class StorefrontSortForm(forms.Form):
    """How an e-boutique's products are ordered."""

    SORT_CHOICES = [
        ("newest", pgettext_lazy("product sort", "Newest")),
        ("price-asc", _("Price: low to high")),
        ("price-desc", _("Price: high to low")),
        ("title", pgettext_lazy("product sort", "Title")),
    ]

    sort_by = forms.ChoiceField(
        label=_("Sort by"), choices=SORT_CHOICES, required=False
    )

    def sort(self):
        if self.is_bound and self.is_valid() and self.cleaned_data["sort_by"]:
            return self.cleaned_data["sort_by"]
        return DEFAULT_PRODUCT_ORDERING


class VendorApplicationForm(forms.ModelForm):
    """An artisan's application, with a new account unless one is signed in.

    Nothing is saved here: ``vendors.actions.submit_application`` receives
    the cleaned data.
    """

    # Wider than the model's 14 characters: people type "123 456 789 00012".
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        help_text=_("The 14 digits of your establishment's SIRET number."),
    )
    vat_number = forms.CharField(
        label=_("VAT number"),
        max_length=20,
        required=False,
        help_text=_("Intra-community VAT number, if you have one."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Confirm password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # The INSEE code of the commune picked among several of the same name.
    # Hidden until the typed name turns out to be ambiguous (see resolve_town).
    town = forms.CharField(
        label=_("Which of these communes is yours?"),
        required=False,
        max_length=5,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = VendorApplication
        fields = [
            "company_name",
            "siret",
            "legal_form",
            "vat_number",
            "metier",
            "contact_name",
            "email",
            "phone",
            "address",
            "postcode",
            "commune",
            "town",
            "pitch",
        ]
        labels = {"pitch": _("Tell us about your work")}
        help_texts = {
            "metier": _("For example: potter, soap maker, cabinetmaker."),
            "email": _("You will sign in with this address."),
            "commune": _("Its name as in the official list of French communes."),
            "pitch": _(
                "A few sentences on what you make, how, and where "
                "(1000 characters at most)."
            ),
        }
        widgets = {
            "pitch": forms.Textarea(attrs={"rows": 5}),
            "postcode": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            # static/js/commune-picker.js suggests names from this address.
            "commune": forms.TextInput(
                attrs={
                    "autocomplete": "address-level2",
                    "data-commune-suggest-url": reverse_lazy(
                        "vendors:commune-suggestions"
                    ),
                }
            ),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The shop's legal mentions, shown on its storefront, start from these.
        for name in ("legal_form", "address", "postcode"):
            self.fields[name].required = True
        self.fields["address"].help_text = _(
            "The address of your business as registered (siège)."
        )
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None:
            # A signed-in person applies with the account they already have.
            for name in ("email", "password1", "password2"):
                del self.fields[name]

    def clean_siret(self):
        siret = normalise_siret(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def clean_postcode(self):
        postcode = "".join(self.cleaned_data["postcode"].split())
        if not FRENCH_POSTCODE.match(postcode):
            raise forms.ValidationError(
                _("A French postcode has five digits, for example 13400."),
                code="invalid_postcode",
            )
        return postcode

    def clean_vat_number(self):
        vat_number = normalise_vat_number(self.cleaned_data["vat_number"])
        if vat_number:
            validate_vat_number(vat_number)
        return vat_number

    def clean_email(self):
        # Whether the address has an account is not said here: the view
        # answers the same either way (see ``vendors.views.JoinView``).
        return User.objects.normalize_email(self.cleaned_data["email"].strip())

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = sum(char.isdigit() for char in phone)
        if (
            not PHONE_CHARACTERS.match(phone)
            or not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS
        ):
            raise forms.ValidationError(
                _("Please enter a phone number, for example 04 90 12 34 56."),
                code="invalid_phone",
            )
        return phone

    def clean_pitch(self):
        return self.cleaned_data["pitch"].strip()

    def clean(self):
        cleaned_data = super().clean()
        siret, vat_number = cleaned_data.get("siret"), cleaned_data.get("vat_number")
        if siret and vat_number and vat_number[4:] != siret[:9]:
            self.add_error(
                "vat_number",
                forms.ValidationError(
                    _(
                        "This VAT number belongs to another business: its last "
                        "9 digits are the first 9 of your SIRET."
                    ),
                    code="vat_number_siren",
                ),
            )
        self.resolve_town(cleaned_data)
        if self.user is not None:
            cleaned_data["email"] = self.user.email
            return cleaned_data
        password1 = cleaned_data.get("password1")
        password2 = cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                forms.ValidationError(
                    _("The two passwords do not match."), code="password_mismatch"
                ),
            )
        elif password2:
            # Judge the password against the account it is about to protect.
            email = cleaned_data.get("email", "")
            candidate = User(
                username=email,
                email=email,
                first_name=cleaned_data.get("contact_name", ""),
            )
            try:
                password_validation.validate_password(password2, candidate)
            except forms.ValidationError as error:
                self.add_error("password2", error)
        return cleaned_data

    def resolve_town(self, cleaned_data):
        """The commune of the official list the typed name (and postcode) is.

        A unique match goes into ``cleaned_data["town"]`` and gives the
        commune its official name. A name several communes bear, that the
        postcode does not settle, turns ``town`` into a choice among them.
        """
        name, postcode = cleaned_data.get("commune"), cleaned_data.get("postcode")
        cleaned_data["town"], chosen_insee = None, cleaned_data.get("town")
        if not name:
            return
        communes = candidates(name, limit=MAX_COMMUNE_CHOICES)
        if not communes:
            self.add_error("commune", unknown_commune_error(postcode))
            return
        prefetch_related_objects(communes, "postcodes", "arrondissements__postcodes")
        serving = [c for c in communes if postcode in postcodes_of(c)]
        if chosen_insee:
            chosen = next((c for c in communes if c.insee == chosen_insee), None)
            if chosen is None:
                self.offer_communes(communes)
                self.add_error(
                    "town",
                    forms.ValidationError(
                        _(
                            "The commune chosen is not one called “%(name)s”: "
                            "please choose yours in the list."
                        ),
                        code="town_not_a_candidate",
                        params={"name": name},
                    ),
                )
                return
        elif len(serving) == 1:
            chosen = serving[0]
        elif len(communes) == 1:
            chosen = communes[0]
        else:
            self.offer_communes(serving or communes)
            message = (
                _("Several communes are called “%(name)s”: please choose yours.")
                if serving or not postcode
                else _(
                    "Several communes are called “%(name)s” and none has the "
                    "postcode %(postcode)s: please choose yours and check the "
                    "postcode."
                )
            )
            self.add_error(
                "town",
                forms.ValidationError(
                    message,
                    code="town_ambiguous",
                    params={"name": name, "postcode": postcode},
                ),
            )
            return
        if chosen_insee:
            # Picked among namesakes: the choice stays in sight (and checked)
            # if the form comes back for another field.
            self.offer_communes(communes)
        if postcode and postcode not in postcodes_of(chosen):
            self.add_error(
                "postcode",
                forms.ValidationError(
                    _(
                        "The postcode %(postcode)s is not that of %(name)s "
                        "(%(postcodes)s)."
                    ),
                    code="postcode_of_another_commune",
                    params={
                        "postcode": postcode,
                        "name": chosen.name,
                        "postcodes": ", ".join(postcodes_of(chosen)),
                    },
                ),
            )
            return
        # Addresses name the commune ("13006 Marseille"), not its arrondissement.
        cleaned_data["commune"] = (chosen.parent or chosen).name
        # Paris, Lyon and Marseille: the town is the arrondissement of that
        # postcode.
        cleaned_data["town"] = next(
            (a for a in chosen.arrondissements.all() if postcode in own_postcodes(a)),
            chosen,
        )

    def offer_communes(self, communes):
        """Show ``town`` as radio buttons, one per commune."""
        self.fields["town"].widget = forms.RadioSelect(
            choices=[(c.insee, commune_choice_label(c)) for c in communes],
            attrs={"class": "form-check-input"},
        )

    def _post_clean(self):
        # The model instance is never saved; its validation would only repeat
        # the field checks above (and want a user it does not have yet).
        pass


def own_postcodes(commune):
    return {postcode.code for postcode in commune.postcodes.all()}


def postcodes_of(commune):
    """The commune's postcodes, with its arrondissements' (Paris, Lyon and
    Marseille have none of their own); prefetched by the caller."""
    codes = own_postcodes(commune)
    for arrondissement in commune.arrondissements.all():
        codes |= own_postcodes(arrondissement)
    return sorted(codes)


def commune_choice_label(commune):
    """ "Saint-Martin — Hautes-Alpes (05) — 05120": enough to tell namesakes
    apart."""
    return " — ".join(
        part
        for part in (
            commune.name,
            str(commune.departement),
            ", ".join(postcodes_of(commune)),
        )
        if part
    )


def unknown_commune_error(postcode):
    """The error for a name that is no French commune's, with the communes
    of the postcode typed, when it has any."""
    served = candidates(postcode) if postcode else []
    if served:
        return forms.ValidationError(
            _(
                "No French commune of this name. The postcode %(postcode)s is "
                "that of: %(communes)s."
            ),
            code="unknown_commune",
            params={
                "postcode": postcode,
                "communes": ", ".join(commune.name for commune in served),
            },
        )
    return forms.ValidationError(
        _(
            "No French commune of this name: please check its spelling and "
            "your postcode (five digits, for example 13400)."
        ),
        code="unknown_commune",
    )
