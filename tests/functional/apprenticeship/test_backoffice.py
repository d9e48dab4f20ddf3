"""Artisans publish, edit, fill, close and reopen their apprenticeship offers
and read their applications; another artisan's ids are 404s."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.apprenticeship.models import (
    ApplicationStatus,
    ApprenticeshipApplication,
    ApprenticeshipOffer,
    OfferStatus,
)

from .conftest import make_offer, signed_in

pytestmark = pytest.mark.django_db


def form_data(**fields):
    today = timezone.localdate()
    data = {
        "title": "Apprenti ébéniste",
        "metier": "Ébéniste",
        "diploma": "cap",
        "starts_on": (today + datetime.timedelta(days=60)).isoformat(),
        "closes_on": (today + datetime.timedelta(days=30)).isoformat(),
        "description": "Deux ans en alternance.",
    }
    data.update(fields)
    return data


def test_an_artisan_publishes_an_offer_in_their_town(client, ebeniste, aubagne):
    client = signed_in(client, ebeniste)
    create = reverse("backoffice:apprenticeship-create")

    page = client.get(create).content.decode()
    assert f'<option value="{aubagne.pk}" selected>' in page
    response = client.post(create, form_data(town=aubagne.pk))

    assert response.status_code == 302
    offer = ApprenticeshipOffer.objects.get()
    assert offer.vendor == ebeniste and offer.town == aubagne
    assert offer.status == OfferStatus.OPEN


def test_dates_in_the_past_are_refused_with_a_message(client, ebeniste):
    client = signed_in(client, ebeniste)
    today = timezone.localdate().isoformat()
    yesterday = (timezone.localdate() - datetime.timedelta(1)).isoformat()

    response = client.post(
        reverse("backoffice:apprenticeship-create"),
        form_data(starts_on=today, closes_on=yesterday),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The start date must be after today." in html
    assert "The closing date cannot be in the past." in html
    assert 'aria-describedby="id_closes_on_error"' in html
    assert not ApprenticeshipOffer.objects.exists()


def test_edit_fill_close_and_reopen(client, ebeniste, offer):
    client = signed_in(client, ebeniste)

    client.post(
        reverse("backoffice:apprenticeship-update", args=[offer.pk]),
        form_data(title="Apprentie ébéniste"),
    )
    offer.refresh_from_db()
    assert offer.title == "Apprentie ébéniste"

    for name, status in [
        ("apprenticeship-fill", OfferStatus.FILLED),
        ("apprenticeship-reopen", OfferStatus.OPEN),
        ("apprenticeship-close", OfferStatus.CLOSED),
    ]:
        client.post(reverse(f"backoffice:{name}", args=[offer.pk]))
        offer.refresh_from_db()
        assert offer.status == status


def test_a_past_offer_is_not_reopened(client, ebeniste, offer):
    ApprenticeshipOffer.objects.filter(pk=offer.pk).update(
        status=OfferStatus.CLOSED,
        closes_on=timezone.localdate() - datetime.timedelta(1),
    )
    client = signed_in(client, ebeniste)

    client.post(reverse("backoffice:apprenticeship-reopen", args=[offer.pk]))

    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED


def test_another_artisans_offer_is_a_404_and_unchanged(client, potier, offer):
    client = signed_in(client, potier)

    for name in [
        "apprenticeship-update",
        "apprenticeship-applications",
    ]:
        assert (
            client.get(reverse(f"backoffice:{name}", args=[offer.pk])).status_code
            == 404
        )
    for name in ["apprenticeship-fill", "apprenticeship-close"]:
        response = client.post(reverse(f"backoffice:{name}", args=[offer.pk]))
        assert response.status_code == 404
    response = client.post(
        reverse("backoffice:apprenticeship-update", args=[offer.pk]),
        form_data(title="Volée"),
    )
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.title == "Apprenti ébéniste" and offer.status == OfferStatus.OPEN


def test_reading_an_application_marks_it_read(client, ebeniste, offer):
    application = ApprenticeshipApplication.objects.create(
        offer=offer, name="Léa", email="lea@example.fr", message="Bonjour"
    )
    client = signed_in(client, ebeniste)

    html = client.get(
        reverse("backoffice:apprenticeship-application", args=[application.pk])
    ).content.decode()

    application.refresh_from_db()
    assert application.read_at is not None
    assert application.status == ApplicationStatus.READ
    assert "mailto:lea%40example.fr" in html
    client.post(
        reverse("backoffice:apprenticeship-application", args=[application.pk]),
        {"status": "answered"},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ANSWERED


def test_the_list_counts_applications_in_fixed_queries(
    client, ebeniste, django_assert_num_queries
):
    client = signed_in(client, ebeniste)
    url = reverse("backoffice:apprenticeship-list")
    first = make_offer(ebeniste)
    ApprenticeshipApplication.objects.create(
        offer=first, name="A", email="a@example.fr", message="m"
    )
    client.get(url)
    with CaptureQueriesContext(connection) as baseline:
        client.get(url)
    for n in range(4):
        offer = make_offer(ebeniste, title=f"Offre {n}")
        ApprenticeshipApplication.objects.create(
            offer=offer, name="B", email="b@example.fr", message="m"
        )
    with django_assert_num_queries(len(baseline.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("1 application (1 new)") == 5
    assert "<title>" in html and "My apprenticeship offers" in html
