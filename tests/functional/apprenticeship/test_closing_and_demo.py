"""Offers past their closing date are closed by a daily beat task; the demo
loads once."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from cms.apprenticeship.demo import load_demo_apprenticeship
from cms.apprenticeship.models import (
    ApprenticeshipApplication,
    ApprenticeshipIndexPage,
    ApprenticeshipOffer,
    OfferStatus,
)
from cms.apprenticeship.tasks import close_past_offers_task
from shop.apps.core.demo.loader import LoadReport
from tests.factories import VendorFactory

from .conftest import make_offer

pytestmark = pytest.mark.django_db


def test_offers_past_their_date_are_closed(ebeniste):
    today = timezone.localdate()
    past = make_offer(ebeniste, closes_on=today - datetime.timedelta(1))
    current = make_offer(ebeniste, closes_on=today)
    filled = make_offer(
        ebeniste, closes_on=today - datetime.timedelta(3), status=OfferStatus.FILLED
    )

    assert close_past_offers_task.delay().get() == 1

    past.refresh_from_db(), current.refresh_from_db(), filled.refresh_from_db()
    assert past.status == OfferStatus.CLOSED
    assert current.status == OfferStatus.OPEN
    assert filled.status == OfferStatus.FILLED
    assert list(ApprenticeshipOffer.objects.open()) == [current]


def test_beat_closes_offers_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["close-past-apprenticeship-offers"]
    assert entry["task"] == "cms.apprenticeship.tasks.close_past_offers_task"
    assert entry["schedule"].hour == {0}


def test_the_demo_loads_once(aubagne):
    for craft in ["Ébéniste", "Potier", "Verrier", "Chocolatier", "Bijoutier"]:
        VendorFactory(metier=craft, town=aubagne)

    first = LoadReport()
    load_demo_apprenticeship(first)
    second = LoadReport()
    load_demo_apprenticeship(second)

    assert first.created["apprenticeship offers"] == 5
    assert first.created["apprenticeship applications"] == 1
    assert not second.anything_created
    assert ApprenticeshipIndexPage.objects.get().slug == "apprentissage"
    assert ApprenticeshipOffer.objects.open().count() == 5
    assert ApprenticeshipApplication.objects.count() == 1
    vendors = set(ApprenticeshipOffer.objects.values_list("vendor", flat=True))
    assert len(vendors) == 5
