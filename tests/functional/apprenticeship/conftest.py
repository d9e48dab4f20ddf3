"""Fixtures of the apprenticeship tests: the index page, two artisans, offers."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from cms.apprenticeship.models import ApprenticeshipIndexPage, ApprenticeshipOffer
from cms.setup import ensure_home_page
from tests.factories import VendorFactory
from tests.factories.accounts import sign_in_verified
from tests.factories.geo import CommuneFactory, DepartementFactory
from tests.factories.orders import artisan_account


@pytest.fixture
def english(client):
    """The visitor reads the site in English (it is French first)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def index_page(db):
    home = ensure_home_page()
    page = home.add_child(
        instance=ApprenticeshipIndexPage(title="Apprentissage", slug="apprentissage")
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def aubagne(db):
    return CommuneFactory(
        insee="13005",
        name="Aubagne",
        postcodes=["13400"],
        latitude=43.2927,
        longitude=5.5708,
    )


@pytest.fixture
def avignon(db):
    return CommuneFactory(
        insee="84007",
        name="Avignon",
        postcodes=["84000"],
        departement=DepartementFactory(code="84", name="Vaucluse"),
        latitude=43.9493,
        longitude=4.8055,
    )


@pytest.fixture
def ebeniste(db, aubagne):
    return VendorFactory(partner__name="Atelier Bois d'Olivier", town=aubagne)


@pytest.fixture
def potier(db, avignon):
    return VendorFactory(partner__name="Poterie du Rhône", town=avignon)


def make_offer(vendor, **fields):
    today = timezone.localdate()
    values = {
        "title": "Apprenti ébéniste",
        "metier": "Ébéniste",
        "diploma": "cap",
        "starts_on": today + datetime.timedelta(days=60),
        "closes_on": today + datetime.timedelta(days=30),
        "description": "Deux ans en alternance.",
        "town": vendor.town,
    }
    values.update(fields)
    return ApprenticeshipOffer.objects.create(vendor=vendor, **values)


@pytest.fixture
def offer(ebeniste):
    return make_offer(ebeniste)


def offer_url(index_page, offer):
    return index_page.url + index_page.reverse_subpage(
        "offer_route", kwargs={"offer_id": offer.pk}
    )


def signed_in(client, vendor):
    sign_in_verified(client, artisan_account(vendor))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
