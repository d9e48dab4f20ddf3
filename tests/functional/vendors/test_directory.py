"""The public directory of artisans at /artisans/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import VendorFactory
from vendors.models import VendorLabel, VendorStatus

pytestmark = pytest.mark.django_db

DIRECTORY_URL = "/artisans/"


def names_listed(response):
    return [vendor.name for vendor in response.context["vendors"]]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_directory_url_is_the_public_contract():
    assert reverse("vendors:directory") == DIRECTORY_URL


def test_directory_lists_approved_artisans_only(client):
    approved = VendorFactory(partner__name="Savonnerie du Vallon")
    on_vacation = VendorFactory(partner__name="Poterie du Soleil", vacation_mode=True)
    VendorFactory(partner__name="Atelier en attente", status=VendorStatus.APPLIED)
    VendorFactory(partner__name="Verrerie suspendue", status=VendorStatus.SUSPENDED)
    VendorFactory(partner__name="Brasserie fermée", status=VendorStatus.CLOSED)

    response = client.get(DIRECTORY_URL)

    assert response.status_code == 200
    assert sorted(names_listed(response)) == sorted([approved.name, on_vacation.name])
    content = response.content.decode()
    assert "Verrerie suspendue" not in content
    assert "Brasserie fermée" not in content
    assert "Atelier en attente" not in content


def test_directory_card_shows_craft_town_labels_description_and_storefront_link(
    client,
):
    vendor = VendorFactory(
        partner__name="Savonnerie du Vallon",
        metier="Savonnier",
        commune="Salon-de-Provence",
        description="Savons à l'huile d'olive, saponifiés à froid.",
        labels=[VendorLabel.FAIT_MAIN, VendorLabel.PRODUIT_EN_PROVENCE],
    )

    content = client.get(DIRECTORY_URL).content.decode()

    assert f'href="{vendor.get_absolute_url()}"' in content
    assert "Savonnier" in content
    assert "Salon-de-Provence" in content
    assert "saponifiés à froid" in content
    for label in vendor.get_labels_display():
        assert str(label) in content
    # Without a logo, the artisan's initial stands in.
    assert "vendor-initials" in content


def test_filters_offer_the_crafts_and_towns_of_approved_artisans_only(client):
    VendorFactory(metier="Potier", commune="Vallauris")
    VendorFactory(metier="Savonnier", commune="Salon-de-Provence")
    VendorFactory(metier="Ébéniste", commune="Toulon", status=VendorStatus.CLOSED)

    form = client.get(DIRECTORY_URL).context["form"]

    metiers = [value for value, _label in form.fields["metier"].choices if value]
    communes = [value for value, _label in form.fields["commune"].choices if value]
    assert metiers == ["Potier", "Savonnier"]
    assert communes == ["Salon-de-Provence", "Vallauris"]


def test_filter_by_craft_and_by_town_and_both(client):
    potier_vallauris = VendorFactory(metier="Potier", commune="Vallauris")
    potier_aubagne = VendorFactory(metier="Potier", commune="Aubagne")
    santonnier_aubagne = VendorFactory(metier="Santonnier", commune="Aubagne")

    by_craft = client.get(DIRECTORY_URL, {"metier": "Potier"})
    by_town = client.get(DIRECTORY_URL, {"commune": "Aubagne"})
    both = client.get(DIRECTORY_URL, {"metier": "Potier", "commune": "Aubagne"})

    assert sorted(names_listed(by_craft)) == sorted(
        [potier_vallauris.name, potier_aubagne.name]
    )
    assert sorted(names_listed(by_town)) == sorted(
        [potier_aubagne.name, santonnier_aubagne.name]
    )
    assert names_listed(both) == [potier_aubagne.name]


def test_filter_with_an_unknown_value_is_ignored_rather_than_failing(client):
    VendorFactory(metier="Potier")
    VendorFactory(metier="Savonnier")

    response = client.get(DIRECTORY_URL, {"metier": "<script>"})

    assert response.status_code == 200
    assert len(names_listed(response)) == 2


def test_filter_matching_nobody_says_so(client):
    VendorFactory(metier="Potier", commune="Vallauris")
    VendorFactory(metier="Savonnier", commune="Aubagne")

    response = client.get(DIRECTORY_URL, {"metier": "Potier", "commune": "Aubagne"})

    assert names_listed(response) == []
    assert "nonefound" in response.content.decode()


def test_directory_is_paginated_by_24_and_keeps_filters_across_pages(client):
    VendorFactory.create_batch(26, metier="Potier")
    VendorFactory.create_batch(3, metier="Savonnier")

    first = client.get(DIRECTORY_URL, {"metier": "Potier"})
    second = client.get(DIRECTORY_URL, {"metier": "Potier", "page": 2})

    assert len(names_listed(first)) == 24
    assert len(names_listed(second)) == 2
    assert first.context["paginator"].count == 26
    assert set(names_listed(first)).isdisjoint(names_listed(second))
    assert "metier=Potier&amp;page=2" in first.content.decode()
    assert client.get(DIRECTORY_URL, {"page": 9}).status_code == 404


def test_directory_query_count_does_not_grow_with_the_number_of_artisans(client):
    communes = ["Aix-en-Provence", "Aubagne", "Biot", "Grasse", "Toulon"]
    for index in range(5):
        VendorFactory(metier=f"Métier {index}", commune=communes[index])
    client.get(DIRECTORY_URL)  # warm up (site, sessions, caches)
    with_five = count_queries(client, DIRECTORY_URL)

    for index in range(25):
        VendorFactory(
            metier=f"Métier {index % 7}",
            commune=communes[index % 5],
            labels=[VendorLabel.FAIT_MAIN],
        )
    with_thirty = count_queries(client, DIRECTORY_URL)

    assert with_thirty == with_five


def test_directory_page_stays_within_a_small_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    VendorFactory.create_batch(30)
    client.get(DIRECTORY_URL)

    # Request savepoint (2), filter choices (2), count, one page of artisans
    # with their partners, the categories of Oscar's navigation (2), and the
    # map's artisans and points (2), and the footer's site, chamber settings
    # and partners (3).
    with django_assert_max_num_queries(13):
        client.get(DIRECTORY_URL)
