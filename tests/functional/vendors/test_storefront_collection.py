"""The storefront: a banner, the intro once, and how its customers collect
(the workshop's hours, the points served and their next free slots)."""

import datetime
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from delivery.models import PickupPointKind
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def faiencerie():
    return VendorFactory(
        partner__name="Faïencerie de Moustiers",
        metier="Faïencier",
        commune="Moustiers-Sainte-Marie",
        latitude=D("43.846000"),
        longitude=D("6.221000"),
        opening_hours="Tous les jours, 10 h - 18 h",
        description="Faïences peintes à la main.",
        story="<p>Faïences peintes à la main. Depuis trois générations.</p>",
    )


def in_days(days):
    return (timezone.now() + datetime.timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )


def test_storefront_tells_its_intro_once(english, faiencerie):
    html = english.get(faiencerie.get_absolute_url()).content.decode()

    body = html.split('id="main"', 1)[-1]
    assert body.count("Faïences peintes à la main") == 1
    assert "Depuis trois générations" in body


def test_storefront_without_a_banner_image_has_a_designed_one(english, faiencerie):
    html = english.get(faiencerie.get_absolute_url()).content.decode()

    assert "storefront-banner--fallback" in html


def test_storefront_lists_the_points_served_with_their_next_free_slots(
    english, faiencerie
):
    workshop = PickupPointFactory(
        kind=PickupPointKind.WORKSHOP,
        vendor=faiencerie,
        slug="atelier-moustiers",
        address="Place de l'Église",
    )
    serving(faiencerie, workshop)
    drive = PickupPointFactory(name="Drive de Riez", slug="drive-riez")
    serving(faiencerie, drive)
    slot = SlotFactory(point=drive, starts_at=in_days(3))
    PickupPointFactory(name="Relais non desservi", slug="relais-autre")
    create_artisan_product(faiencerie, "Assiette")

    html = english.get(faiencerie.get_absolute_url()).content.decode()

    assert "data-workshop" in html
    assert "Tous les jours, 10 h - 18 h" in html
    assert 'data-point="drive-riez"' in html
    assert f'data-slot="{slot.pk}"' in html
    assert "Relais non desservi" not in html.split("place-map")[0]
    assert 'href="#vendor-legal"' in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_storefront_query_count_does_not_grow_with_the_points_served(
    english, faiencerie
):
    serving(faiencerie, PickupPointFactory())
    create_artisan_product(faiencerie, "Assiette")
    url = faiencerie.get_absolute_url()
    english.get(url)
    with_one = count_queries(english, url)

    for _ in range(6):
        point = PickupPointFactory()
        serving(faiencerie, point)
        SlotFactory(point=point, starts_at=in_days(3))

    assert count_queries(english, url) == with_one
