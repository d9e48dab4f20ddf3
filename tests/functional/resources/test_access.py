"""Who reads Déclic: approved artisans and the chamber's staff, nobody else."""

import pytest

from tests.factories import UserFactory
from tests.factories.accounts import sign_in_verified
from vendors.models import VendorApplication

pytestmark = pytest.mark.django_db

VALID_SIRET = "73282932000074"


@pytest.mark.parametrize("path", ["/declic/", "/declic/photographier-ses-produits/"])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, guide, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].endswith("?next=" + path)


def test_a_consumer_gets_the_explained_refusal(client, guide, consumer):
    client.force_login(consumer)

    response = client.get(guide.url)

    assert response.status_code == 403
    assert "artisans agréés" in response.content.decode()
    assert "Demandez à vendre" in response.content.decode()
    assert "Près d'une fenêtre" not in response.content.decode()


def test_a_user_whose_application_is_pending_is_refused(client, guide):
    applicant = UserFactory(email="lucie@example.fr")
    VendorApplication.objects.create(
        user=applicant,
        company_name="Savonnerie du Moulin",
        siret=VALID_SIRET,
        metier="Savonnier",
        commune="Salon-de-Provence",
        contact_name="Lucie Roux",
        phone="04 90 56 00 00",
        email="contact@example.fr",
        pitch="Savons.",
    )
    client.force_login(applicant)

    assert client.get(guide.url).status_code == 403


def test_a_suspended_artisans_account_is_refused(client, guide, suspended_artisan):
    client.force_login(suspended_artisan)

    assert client.get(guide.url).status_code == 403
    assert client.get("/declic/").status_code == 403


def test_an_approved_artisan_reads_the_guides(client, guide, artisan):
    client.force_login(artisan)

    index = client.get("/declic/")
    page = client.get(guide.url)

    assert index.status_code == 200
    assert "Photographier ses produits" in index.content.decode()
    assert page.status_code == 200
    assert "Près d'une fenêtre" in page.content.decode()
    assert "private" in page["Cache-Control"]
    assert '<meta name="robots" content="noindex' in page.content.decode()


def test_the_chambers_staff_read_the_guides(client, guide, staff):
    sign_in_verified(client, staff)

    assert client.get(guide.url).status_code == 200
