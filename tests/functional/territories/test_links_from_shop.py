"""The artisans' directory and e-boutiques link each workshop's town (and,
on the e-boutique, its département) to the territory's page, at a fixed
number of queries however many artisans are listed."""

import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.setup import ensure_home_page
from cms.territories.models import TerritoryIndexPage, TerritoryLevel, TerritoryPage
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.geo import CommuneFactory, DepartementFactory
from vendors.models import Vendor, VendorStatus

pytestmark = pytest.mark.django_db

DIRECTORY_URL = reverse("vendors:directory")


@pytest.fixture
def index():
    home = ensure_home_page()
    return home.add_child(
        instance=TerritoryIndexPage(title="Territoires", slug="territoires")
    )


@pytest.fixture
def aubagne():
    return CommuneFactory(insee="13005", name="Aubagne")


def artisan(name, town, **fields):
    return VendorFactory(
        partner__name=name,
        town=town,
        commune=town.name if town else "Salon-de-Provence",
        latitude=D("43.29"),
        longitude=D("5.57"),
        **fields,
    )


def town_links(html, css_class):
    """The ``href`` of each link of ``css_class`` in ``html``."""
    return re.findall(rf'<a class="{css_class}" href="([^"]+)"', html)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_directory_card_links_its_town_to_the_communes_page(client, index, aubagne):
    artisan("Santons Fouque", aubagne)

    html = client.get(DIRECTORY_URL).content.decode()

    assert town_links(html, "vendor-card__town") == [index.url + "aubagne-13/"]
    page = client.get(index.url + "aubagne-13/")
    assert page.status_code == 200
    assert "Santons Fouque" in page.content.decode()


def test_an_artisan_without_a_town_has_no_town_link(client, index, aubagne):
    artisan("Atelier sans commune", None)

    html = client.get(DIRECTORY_URL).content.decode()

    assert "Atelier sans commune" in html
    assert town_links(html, "vendor-card__town") == []


def test_without_an_index_of_territories_the_town_is_plain_text(client, aubagne):
    artisan("Santons Fouque", aubagne)

    html = client.get(DIRECTORY_URL).content.decode()

    assert "Aubagne" in html
    assert town_links(html, "vendor-card__town") == []


def test_the_editors_page_about_a_commune_wins(client, index, aubagne):
    artisan("Santons Fouque", aubagne)
    written = index.add_child(
        instance=TerritoryPage(
            title="Aubagne, terre de santons",
            slug="aubagne",
            level=TerritoryLevel.COMMUNE,
            commune=aubagne,
        )
    )

    html = client.get(DIRECTORY_URL).content.decode()

    assert town_links(html, "vendor-card__town") == [written.url]
    assert client.get(written.url).status_code == 200


def test_an_arrondissement_links_its_communes_page(client, index):
    marseille = CommuneFactory(insee="13055", name="Marseille")
    sixth = CommuneFactory(
        insee="13206", name="Marseille 6e Arrondissement", parent=marseille
    )
    artisan("Brasserie du Panier", sixth)

    html = client.get(DIRECTORY_URL).content.decode()

    assert town_links(html, "vendor-card__town") == [index.url + "marseille-13/"]
    assert client.get(index.url + "marseille-13/").status_code == 200


def test_a_storefront_links_its_commune_and_its_departement(client, index, aubagne):
    santons = artisan("Santons Fouque", aubagne)

    html = client.get(santons.get_absolute_url()).content.decode()

    commune_urls = town_links(html, "storefront-identity__town")
    departement_urls = town_links(html, "storefront-identity__departement")
    assert commune_urls == [index.url + "aubagne-13/"]
    assert departement_urls == [index.url + "departement/bouches-du-rhone-13/"]
    assert ">Bouches-du-Rhône</a>" in html
    for url in commune_urls + departement_urls:
        page = client.get(url)
        assert page.status_code == 200
        assert "Santons Fouque" in page.content.decode()


def test_a_storefront_links_the_editors_page_about_its_departement(
    client, index, aubagne
):
    santons = artisan("Santons Fouque", aubagne)
    written = index.add_child(
        instance=TerritoryPage(
            title="Les Bouches-du-Rhône",
            slug="bouches-du-rhone",
            level=TerritoryLevel.DEPARTEMENT,
            departement=aubagne.departement,
        )
    )

    html = client.get(santons.get_absolute_url()).content.decode()

    assert town_links(html, "storefront-identity__departement") == [written.url]


def test_a_storefront_without_a_town_links_no_territory(client, index):
    shop = artisan("Atelier sans commune", None)

    html = client.get(shop.get_absolute_url()).content.decode()

    assert town_links(html, "storefront-identity__town") == []
    assert town_links(html, "storefront-identity__departement") == []


def test_a_suspended_shop_alone_in_its_territories_links_no_page(
    client, index, aubagne
):
    # No approved artisan in Aubagne or the département: their pages are 404s.
    suspended = artisan("Suspendu d'Aubagne", aubagne, status=VendorStatus.SUSPENDED)
    assert client.get(index.url + "aubagne-13/").status_code == 404

    html = client.get(suspended.get_absolute_url()).content.decode()

    assert town_links(html, "storefront-identity__town") == []
    assert town_links(html, "storefront-identity__departement") == []


def test_a_suspended_shop_links_its_territories_where_others_work(
    client, index, aubagne
):
    artisan("Santons Fouque", aubagne)
    suspended = artisan("Suspendu d'Aubagne", aubagne, status=VendorStatus.SUSPENDED)

    html = client.get(suspended.get_absolute_url()).content.decode()

    assert town_links(html, "storefront-identity__town") == [index.url + "aubagne-13/"]
    assert town_links(html, "storefront-identity__departement") == [
        index.url + "departement/bouches-du-rhone-13/"
    ]


def test_the_directorys_town_links_cost_the_same_queries_for_five_or_thirty_artisans(
    client, index
):
    var = DepartementFactory(code="83", name="Var")
    towns = [CommuneFactory(name=f"Commune {n}") for n in range(3)] + [
        CommuneFactory(insee="83016", name="Le Beausset", departement=var)
    ]
    index.add_child(
        instance=TerritoryPage(
            title="Le Beausset", slug="le-beausset", commune=towns[3]
        )
    )
    for n in range(5):
        artisan(f"Atelier {n:02d}", towns[n % len(towns)])
    client.get(DIRECTORY_URL)  # warm up (site, sessions, caches)
    with_five = count_queries(client, DIRECTORY_URL)

    for n in range(5, 30):
        artisan(f"Atelier {n:02d}", towns[n % len(towns)])
    html = client.get(DIRECTORY_URL).content.decode()
    with_thirty = count_queries(client, DIRECTORY_URL)

    assert len(town_links(html, "vendor-card__town")) == 24  # one page of cards
    assert with_thirty == with_five


def test_the_directorys_town_links_cost_one_query(client, index, aubagne):
    artisans = [artisan(f"Atelier {n:02d}", aubagne) for n in range(30)]
    client.get(DIRECTORY_URL)
    with_links = count_queries(client, DIRECTORY_URL)

    Vendor.objects.filter(pk__in=[a.pk for a in artisans]).update(town=None)
    without_links = count_queries(client, DIRECTORY_URL)

    # The index of territories and the editors' pages, in one query.
    assert with_links == without_links + 1


def test_the_storefronts_territory_links_cost_one_query(client, index, aubagne):
    santons = artisan("Santons Fouque", aubagne)
    for n in range(30):
        create_artisan_product(santons, f"Santon {n}")
    client.get(santons.get_absolute_url())
    with_links = count_queries(client, santons.get_absolute_url())

    Vendor.objects.filter(pk=santons.pk).update(town=None)
    without_links = count_queries(client, santons.get_absolute_url())

    assert with_links == without_links + 1
