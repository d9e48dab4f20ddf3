"""An artisan edits their storefront, and only the fields that are theirs."""

import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import VendorFactory
from vendors.models import VatRegime, VendorLabel, VendorStatus

from . import artisan_account

pytestmark = pytest.mark.django_db

VALID_SIRET = "73282932000074"


@pytest.fixture
def vendor():
    return VendorFactory(commission_rate=D("0.08"))


@pytest.fixture
def artisan(vendor, client):
    user = artisan_account(vendor)
    client.force_login(user)
    return user


def png_upload(name="logo.png", size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def settings_data(**overrides):
    data = {
        "description": "Savons saponifiés à froid à Salon-de-Provence.",
        "story": "<p>Depuis 1998.</p>",
        "address": "3 place Morgan",
        "postcode": "13300",
        "commune": "Salon-de-Provence",
        "latitude": "43.640200",
        "longitude": "5.097000",
        "phone": "04 90 00 00 00",
        "email": "contact@savonnerie.fr",
        "opening_hours": "Mardi-samedi 9h-12h, 14h-18h",
        "labels": [VendorLabel.FAIT_MAIN, VendorLabel.PRODUIT_EN_PROVENCE],
        "vat_regime": VatRegime.REDUCED,
        "vacation_message": "",
        "siret": "732 829 320 00074",
    }
    data.update(overrides)
    return data


def post_settings(client, data):
    return client.post(reverse("backoffice:settings"), data)


def test_settings_page_offers_a_multipart_form_with_the_shops_values(
    client, vendor, artisan
):
    response = client.get(reverse("backoffice:settings"))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in content
    assert vendor.description in content
    assert 'name="commission_rate"' not in content
    assert 'name="status"' not in content


def test_artisan_saves_the_storefront(client, vendor, artisan):
    response = post_settings(client, settings_data(logo=png_upload()))

    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.commune == "Salon-de-Provence"
    assert vendor.latitude == D("43.640200")
    assert vendor.labels == [VendorLabel.FAIT_MAIN, VendorLabel.PRODUIT_EN_PROVENCE]
    assert vendor.vat_regime == VatRegime.REDUCED
    assert vendor.siret == VALID_SIRET
    assert vendor.logo.name.startswith("vendors/logos/")


def test_story_is_sanitised_when_saved(client, vendor, artisan):
    story = '<p onclick="steal()">Bonjour<script>alert(1)</script></p><em>ok</em>'

    post_settings(client, settings_data(story=story))

    vendor.refresh_from_db()
    assert "<script" not in vendor.story
    assert "onclick" not in vendor.story
    assert "Bonjour" in vendor.story
    assert "<em>ok</em>" in vendor.story


def test_a_bad_siret_is_refused_and_nothing_is_saved(client, vendor, artisan):
    response = post_settings(
        client, settings_data(siret="73282932000075", commune="Aubagne")
    )

    assert response.status_code == 200
    assert "siret" in response.context["form"].errors
    vendor.refresh_from_db()
    assert vendor.commune == "Salon-de-Provence"
    assert vendor.siret == ""


def test_a_text_file_is_refused_as_logo(client, vendor, artisan):
    text = SimpleUploadedFile(
        "logo.png", b"not an image at all", content_type="image/png"
    )

    response = post_settings(client, settings_data(logo=text))

    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    vendor.refresh_from_db()
    assert not vendor.logo


def test_vacation_mode_needs_a_message(client, vendor, artisan):
    refused = post_settings(client, settings_data(vacation_mode="on"))

    assert refused.status_code == 200
    assert "vacation_message" in refused.context["form"].errors
    vendor.refresh_from_db()
    assert vendor.vacation_mode is False

    post_settings(
        client,
        settings_data(vacation_mode="on", vacation_message="De retour le 2 mars."),
    )
    vendor.refresh_from_db()
    assert vendor.vacation_mode is True
    assert vendor.vacation_message == "De retour le 2 mars."


def test_status_commission_slug_and_partner_cannot_be_posted(client, vendor, artisan):
    other = VendorFactory()

    response = post_settings(
        client,
        settings_data(
            status=VendorStatus.APPROVED,
            commission_rate="0",
            slug="hijacked",
            partner=other.partner_id,
        ),
    )

    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.commission_rate == D("0.08")
    assert vendor.slug != "hijacked"
    assert vendor.partner_id != other.partner_id


def test_a_suspended_shop_cannot_reactivate_itself(client, vendor, artisan):
    vendor.status = VendorStatus.SUSPENDED
    vendor.save()

    post_settings(client, settings_data(status=VendorStatus.APPROVED))

    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.SUSPENDED
