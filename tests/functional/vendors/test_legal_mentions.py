"""The seller's legal mentions: asked when applying, kept up to date by the
artisan, shown on their storefront."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import StaffUserFactory, UserFactory, VendorFactory
from tests.factories.geo import CommuneFactory, DepartementFactory
from tests.factories.orders import artisan_account
from vendors.actions import approve_application
from vendors.models import LegalForm, VatRegime, Vendor, VendorApplication

pytestmark = pytest.mark.django_db

JOIN_URL = "/artisans/rejoindre/"
VALID_SIRET = "73282932000074"
# FR, the key (12 + 3 × (SIREN mod 97)) mod 97 = 44, then the SIRET's SIREN.
VALID_VAT = "FR44732829320"


@pytest.fixture(autouse=True)
def vallauris():
    """The applicants' commune, in the official list (the form checks it)."""
    return CommuneFactory(
        insee="06155",
        name="Vallauris",
        departement=DepartementFactory(code="06", name="Alpes-Maritimes"),
        postcodes=["06220"],
    )


def legal_section(response):
    assert response.status_code == 200
    section = BeautifulSoup(response.content, "html.parser").find(id="vendor-legal")
    assert section is not None, "no legal mentions on the storefront"
    return " ".join(section.get_text(" ").split())


def application_data(**overrides):
    data = {
        "company_name": "Poterie du Soleil",
        "siret": "732 829 320 00074",
        "legal_form": LegalForm.SARL,
        "vat_number": "fr 44 732 829 320",
        "metier": "Potière",
        "contact_name": "Mireille Audibert",
        "email": "mireille@poterie-du-soleil.fr",
        "phone": "04 93 64 12 34",
        "address": "7 rue du Plan",
        "postcode": "06220",
        "commune": "Vallauris",
        "pitch": "Grès et faïence tournés à la main depuis 2004.",
        "password1": "Terre-de-Vallauris-2024",
        "password2": "Terre-de-Vallauris-2024",
    }
    data.update(overrides)
    return data


def test_storefront_shows_who_sells_registered_where(client):
    vendor = VendorFactory(
        partner__name="Poterie du Soleil",
        legal_name="Audibert Céramique SARL",
        legal_form=LegalForm.SARL,
        siret=VALID_SIRET,
        vat_number=VALID_VAT,
        address="7 rue du Plan",
        postcode="06220",
        commune="Vallauris",
        email="contact@poterie-du-soleil.fr",
    )

    mentions = legal_section(client.get(vendor.get_absolute_url()))

    assert "Audibert Céramique SARL" in mentions
    assert str(LegalForm.SARL.label) in mentions
    assert VALID_SIRET in mentions
    assert VALID_VAT in mentions
    assert "7 rue du Plan, 06220 Vallauris" in mentions
    assert "contact@poterie-du-soleil.fr" in mentions


def test_an_exempt_artisan_without_vat_number_shows_the_exemption(client):
    vendor = VendorFactory(
        siret=VALID_SIRET, vat_regime=VatRegime.FRANCHISE, legal_form=LegalForm.EI
    )

    mentions = legal_section(client.get(vendor.get_absolute_url()))

    assert "TVA non applicable, art. 293 B du CGI" in mentions
    assert vendor.name in mentions  # the registered name is the shop's by default


@pytest.mark.parametrize("missing", ["legal_form", "address", "postcode"])
def test_an_application_without_its_legal_particulars_is_refused(client, missing):
    response = client.post(JOIN_URL, application_data(**{missing: ""}))

    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert not VendorApplication.objects.exists()


@pytest.mark.parametrize(
    "vat_number, code",
    [
        ("FR45732829320", "vat_number_key"),
        ("DE123456789", "vat_number_format"),
        ("FR44732829", "vat_number_format"),
        # A valid number, of another business than the SIRET's.
        ("FR83404833048", "vat_number_siren"),
    ],
)
def test_a_wrong_vat_number_is_refused_with_its_reason(client, vat_number, code):
    response = client.post(JOIN_URL, application_data(vat_number=vat_number))

    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["vat_number"]
    assert [error.code for error in errors] == [code]
    assert not VendorApplication.objects.exists()


def test_the_approved_shop_starts_with_the_applications_legal_mentions(client):
    client.post(JOIN_URL, application_data())
    application = VendorApplication.objects.get()

    vendor = approve_application(application, reviewed_by=StaffUserFactory())

    vendor.refresh_from_db()
    assert vendor.legal_form == LegalForm.SARL
    assert vendor.vat_number == VALID_VAT
    assert (vendor.address, vendor.postcode, vendor.commune) == (
        "7 rue du Plan",
        "06220",
        "Vallauris",
    )
    assert vendor.siret == VALID_SIRET


def shop_settings(vendor, **overrides):
    data = {
        "description": vendor.description,
        "story": "",
        "address": "3 place Morgan",
        "postcode": "13300",
        "commune": vendor.commune,
        "phone": "",
        "email": "",
        "opening_hours": "",
        "vat_regime": VatRegime.STANDARD,
        "vacation_message": "",
        "siret": VALID_SIRET,
        "legal_name": "Roux et Fils",
        "legal_form": LegalForm.EURL,
        "vat_number": "FR 44 732 829 320",
    }
    data.update(overrides)
    return data


def test_the_artisan_keeps_the_legal_mentions_up_to_date(client):
    vendor = VendorFactory()
    client.force_login(artisan_account(vendor))

    response = client.post(reverse("backoffice:settings"), shop_settings(vendor))

    assert response.status_code == 302
    vendor.refresh_from_db()
    assert (vendor.legal_name, vendor.legal_form, vendor.vat_number) == (
        "Roux et Fils",
        LegalForm.EURL,
        VALID_VAT,
    )


def test_an_invalid_vat_number_in_the_settings_changes_nothing(client):
    vendor = VendorFactory(vat_number=VALID_VAT)
    client.force_login(artisan_account(vendor))

    response = client.post(
        reverse("backoffice:settings"),
        shop_settings(vendor, vat_number="FR00732829320", legal_name="Autre nom"),
    )

    assert response.status_code == 200
    assert "vat_number" in response.context["form"].errors
    vendor = Vendor.objects.get(pk=vendor.pk)
    assert (vendor.vat_number, vendor.legal_name) == (VALID_VAT, "")


def test_an_account_applying_keeps_its_own_email(client):
    client.force_login(UserFactory(email="deja@example.fr"))

    client.post(JOIN_URL, application_data())

    assert VendorApplication.objects.get().legal_form == LegalForm.SARL
