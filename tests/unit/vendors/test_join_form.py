"""The artisan application form, field by field (no HTTP)."""

import pytest

from tests.factories import UserFactory
from tests.factories.geo import CommuneFactory
from vendors.actions.joining import split_contact_name
from vendors.forms import VendorApplicationForm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def aix_en_provence():
    """The applicant's commune, in the official list (the form checks it)."""
    return CommuneFactory(insee="13001", name="Aix-en-Provence", postcodes=["13100"])


def form_data(**overrides):
    data = {
        "company_name": "Calissons de la Rotonde",
        "siret": "443 061 841 00047",
        "metier": "Confiseur",
        "contact_name": "Jean-Baptiste de Fabri",
        "email": "jb@calissons.fr",
        "phone": "04  42 27 11 11",
        "legal_form": "sarl",
        "address": "8 rue Gaston de Saporta",
        "postcode": "13100",
        "commune": "Aix-en-Provence",
        "pitch": "Calissons d'Aix faits à la main.",
        "password1": "Amandes-et-melon-confit",
        "password2": "Amandes-et-melon-confit",
    }
    data.update(overrides)
    return data


def test_siret_and_phone_are_normalised():
    form = VendorApplicationForm(data=form_data())

    assert form.is_valid(), form.errors
    assert form.cleaned_data["siret"] == "44306184100047"
    assert form.cleaned_data["phone"] == "04 42 27 11 11"


def test_email_domain_is_normalised_and_a_known_address_is_not_refused_here():
    # The view answers the same whether the address has an account.
    UserFactory(email="jb@calissons.fr")

    form = VendorApplicationForm(data=form_data(email="JB@Calissons.FR"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "JB@calissons.fr"


def test_phone_without_enough_digits_is_refused():
    form = VendorApplicationForm(data=form_data(phone="04 42"))

    assert list(form.errors) == ["phone"]


def test_pitch_longer_than_1000_characters_is_refused():
    form = VendorApplicationForm(data=form_data(pitch="x" * 1001))

    assert list(form.errors) == ["pitch"]


def test_password_too_close_to_the_e_mail_is_refused():
    form = VendorApplicationForm(
        data=form_data(password1="jb@calissons.fr", password2="jb@calissons.fr")
    )

    assert list(form.errors) == ["password2"]


def test_signed_in_person_applies_without_e_mail_or_password_fields():
    user = UserFactory(email="jb@example.fr")
    data = form_data()
    for name in ("email", "password1", "password2"):
        del data[name]

    form = VendorApplicationForm(data=data, user=user)

    assert "password1" not in form.fields
    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "jb@example.fr"


@pytest.mark.parametrize(
    ("contact_name", "expected"),
    [
        ("Mireille Audibert", ("Mireille", "Audibert")),
        ("Jean-Baptiste de Fabri", ("Jean-Baptiste", "de Fabri")),
        ("  Mireille  ", ("Mireille", "")),
    ],
)
def test_contact_name_is_split_into_first_and_last_name(contact_name, expected):
    assert split_contact_name(contact_name) == expected
