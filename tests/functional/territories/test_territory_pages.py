"""Territory pages list exactly what lies within their territory, and every
commune with artisans has a page, written by editors or made from the data."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.setup import ensure_home_page
from cms.territories.demo import load_demo_territories
from cms.territories.models import (
    TerritoryIndexPage,
    TerritoryLevel,
    TerritoryPage,
)
from shop.apps.core.demo.loader import LoadReport
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory
from tests.factories.geo import CommuneFactory, DepartementFactory, EpciFactory
from tests.functional.cms.test_page_types_core import sign_in_verified_session
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    metropole = EpciFactory()
    other_epci = EpciFactory(code="248300394", name="Sud Sainte Baume")
    var = DepartementFactory(code="83", name="Var")
    aubagne = CommuneFactory(insee="13005", name="Aubagne", epci=metropole)
    marseille = CommuneFactory(insee="13055", name="Marseille", epci=metropole)
    sixth = CommuneFactory(
        insee="13206", name="Marseille 6e Arrondissement", parent=marseille, epci=None
    )
    beausset = CommuneFactory(
        insee="83016", name="Le Beausset", departement=var, epci=other_epci
    )
    return {
        "aubagne": aubagne,
        "marseille": marseille,
        "sixth": sixth,
        "beausset": beausset,
        "metropole": metropole,
    }


def artisan(name, town, **fields):
    return VendorFactory(
        partner__name=name,
        town=town,
        commune=town.name,
        latitude=D("43.29"),
        longitude=D("5.57"),
        **fields,
    )


@pytest.fixture
def index():
    home = ensure_home_page()
    return home.add_child(
        instance=TerritoryIndexPage(title="Territoires", slug="territoires")
    )


def names(response):
    return sorted(v.name for v in response.context["artisans"])


def test_a_commune_page_lists_exactly_the_artisans_within_it(client, index, places):
    artisan("Santons Fouque", places["aubagne"])
    artisan("Céramiques du Garlaban", places["aubagne"], vacation_mode=True)
    artisan("Suspendu d'Aubagne", places["aubagne"], status=VendorStatus.SUSPENDED)
    artisan("Verrerie du Beausset", places["beausset"])
    page = index.add_child(
        instance=TerritoryPage(
            title="Aubagne",
            slug="aubagne",
            level=TerritoryLevel.COMMUNE,
            commune=places["aubagne"],
        )
    )

    response = client.get(page.url)

    assert response.status_code == 200
    assert names(response) == ["Céramiques du Garlaban", "Santons Fouque"]
    html = response.content.decode()
    assert "Verrerie du Beausset" not in html
    assert "Suspendu d'Aubagne" not in html


def test_a_commune_holds_its_arrondissements_and_an_epci_its_communes(
    client, index, places
):
    artisan("Brasserie du Panier", places["sixth"])
    artisan("Santons Fouque", places["aubagne"])
    artisan("Verrerie du Beausset", places["beausset"])
    marseille = index.add_child(
        instance=TerritoryPage(
            title="Marseille", slug="marseille", commune=places["marseille"]
        )
    )
    metropole = index.add_child(
        instance=TerritoryPage(
            title="La Métropole",
            slug="metropole",
            level=TerritoryLevel.EPCI,
            epci=places["metropole"],
        )
    )
    departement = index.add_child(
        instance=TerritoryPage(
            title="Var",
            slug="var",
            level=TerritoryLevel.DEPARTEMENT,
            departement=places["beausset"].departement,
        )
    )

    assert names(client.get(marseille.url)) == ["Brasserie du Panier"]
    assert names(client.get(metropole.url)) == ["Brasserie du Panier", "Santons Fouque"]
    assert names(client.get(departement.url)) == ["Verrerie du Beausset"]


def test_points_and_products_within_are_shown(client, index, places):
    santonnier = artisan("Santons Fouque", places["aubagne"])
    create_artisan_product(santonnier, title="Santon berger")
    away = artisan("Verrerie du Beausset", places["beausset"])
    create_artisan_product(away, title="Verre du Var")
    PickupPointFactory(name="Drive d'Aubagne", town=places["aubagne"])
    PickupPointFactory(name="Drive du Beausset", town=places["beausset"])

    response = client.get(index.url + "aubagne-13/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Santon berger" in html and "Verre du Var" not in html
    assert "Drive d&#x27;Aubagne" in html or "Drive d'Aubagne" in html
    assert "Drive du Beausset" not in html
    assert [p["name"] for p in response.context["map_places"]] == [
        "Santons Fouque",
        "Drive d'Aubagne",
    ]
    assert "1 artisan works in Aubagne" in html or "1 artisan travaille" in html


def test_a_commune_page_is_made_from_the_data_only_where_artisans_work(
    client, index, places
):
    artisan("Santons Fouque", places["aubagne"])

    assert client.get(index.url + "aubagne-13/").status_code == 200
    assert client.get(index.url + "le-beausset-83/").status_code == 404
    assert client.get(index.url + "atlantis-99/").status_code == 404
    listing = client.get(index.url).content.decode()
    assert 'href="/territoires/aubagne-13/"' in listing
    assert "Le Beausset" not in listing


def test_a_written_page_takes_the_place_of_the_generated_one(client, index, places):
    artisan("Santons Fouque", places["aubagne"])
    written = index.add_child(
        instance=TerritoryPage(
            title="Aubagne, capitale du santon",
            slug="aubagne",
            commune=places["aubagne"],
        )
    )

    response = client.get(index.url + "aubagne-13/")

    assert response.status_code == 301
    assert response["Location"] == written.url
    assert f'href="{written.url}"' in client.get(index.url).content.decode()


def test_a_territory_page_costs_the_same_queries_for_one_or_ten_artisans(
    client, index, places
):
    page = index.add_child(
        instance=TerritoryPage(
            title="Aubagne", slug="aubagne", commune=places["aubagne"]
        )
    )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        return len(queries)

    create_artisan_product(artisan("Atelier 0", places["aubagne"]))
    client.get(page.url)
    one = count()
    for n in range(1, 10):
        create_artisan_product(artisan(f"Atelier {n}", places["aubagne"]))
    assert count() == one


def test_epci_and_departement_pages_are_made_from_the_data(client, index, places):
    artisan("Brasserie du Panier", places["sixth"])
    artisan("Santons Fouque", places["aubagne"])
    artisan("Verrerie du Beausset", places["beausset"])
    artisan("Suspendu", places["aubagne"], status=VendorStatus.SUSPENDED)

    metropole = client.get(index.url + "interco/metropole-daix-marseille-provence/")
    var = client.get(index.url + "departement/var-83/")
    region = client.get(index.url + "region/provence-alpes-cote-d-azur/")

    assert names(metropole) == ["Brasserie du Panier", "Santons Fouque"]
    assert "2 artisans travaillent à Métropole d&#x27;Aix-Marseille-Provence" in (
        metropole.content.decode()
    )
    assert names(var) == ["Verrerie du Beausset"]
    assert names(region) == [
        "Brasserie du Panier",
        "Santons Fouque",
        "Verrerie du Beausset",
    ]
    assert client.get(index.url + "interco/nowhere/").status_code == 404


def test_a_departement_without_artisans_has_no_page_and_a_written_one_wins(
    client, index, places
):
    assert client.get(index.url + "departement/var-83/").status_code == 404
    artisan("Verrerie du Beausset", places["beausset"])
    written = index.add_child(
        instance=TerritoryPage(
            title="Le Var",
            slug="le-var",
            level=TerritoryLevel.DEPARTEMENT,
            departement=places["beausset"].departement,
        )
    )

    response = client.get(index.url + "departement/var-83/")

    assert response.status_code == 301
    assert response["Location"] == written.url


def test_breadcrumbs_lead_from_a_commune_to_its_larger_territories(
    client, index, places
):
    artisan("Santons Fouque", places["aubagne"])
    index.add_child(
        instance=TerritoryPage(
            title="Bouches-du-Rhône",
            slug="bouches-du-rhone",
            level=TerritoryLevel.DEPARTEMENT,
            departement=places["aubagne"].departement,
        )
    )

    response = client.get(index.url + "aubagne-13/")

    trail = response.context["territory_trail"]
    assert [step["name"] for step in trail] == [
        "Territoires",
        "Provence-Alpes-Côte d'Azur",
        "Bouches-du-Rhône",
        "Métropole d'Aix-Marseille-Provence",
    ]
    assert [step["url"] for step in trail] == [
        "/territoires/",
        "/territoires/region/provence-alpes-cote-d-azur/",
        "/territoires/bouches-du-rhone/",
        "/territoires/interco/metropole-daix-marseille-provence/",
    ]
    html = response.content.decode()
    assert 'href="/territoires/bouches-du-rhone/"' in html


def test_territory_url_gives_the_written_page_else_the_generated_one(rf, index, places):
    from cms.territories.links import TerritoryLinks

    artisan("Brasserie du Panier", places["sixth"])
    artisan("Santons Fouque", places["aubagne"])
    written = index.add_child(
        instance=TerritoryPage(
            title="Aubagne", slug="aubagne", commune=places["aubagne"]
        )
    )
    links = TerritoryLinks(rf.get("/"))

    assert links.url(places["aubagne"]) == written.url
    assert links.url(places["aubagne"].pk) == written.url
    # An arrondissement's artisan links to the page of its commune.
    assert links.url(places["sixth"].pk) == "/territoires/marseille-13/"
    assert links.url(places["marseille"]) == "/territoires/marseille-13/"
    # No artisan in Le Beausset, no page.
    assert links.url(places["beausset"]) == ""
    assert links.url(None) == ""


def test_the_territory_url_tag_renders_the_link(rf, index, places):
    from django.template import Context, Template

    artisan("Santons Fouque", places["aubagne"])
    template = Template(
        '{% load territories %}{% territory_url town as url %}<a href="{{ url }}">'
    )

    html = template.render(
        Context({"request": rf.get("/"), "town": places["aubagne"].pk})
    )

    assert html == '<a href="/territoires/aubagne-13/">'


def test_a_child_page_may_not_take_the_slug_of_a_route(index, places):
    page = TerritoryPage(
        title="Départements",
        slug="departement",
        level=TerritoryLevel.COMMUNE,
        commune=places["aubagne"],
    )
    with pytest.raises(Exception) as error:
        index.add_child(instance=page)
    assert "slug" in error.value.message_dict


def test_a_generated_page_costs_the_same_queries_for_one_or_ten_artisans(
    client, index, places
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index.url + "aubagne-13/").status_code == 200
        return len(queries)

    create_artisan_product(artisan("Atelier 0", places["aubagne"]))
    PickupPointFactory(name="Drive 0", town=places["aubagne"])
    client.get(index.url + "aubagne-13/")
    one = count()
    for n in range(1, 10):
        create_artisan_product(artisan(f"Atelier {n}", places["aubagne"]))
        PickupPointFactory(name=f"Drive {n}", town=places["aubagne"])
    assert count() == one


def test_the_index_costs_the_same_queries_for_one_or_ten_communes(client, index):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index.url).status_code == 200
        return len(queries)

    artisan("Atelier 0", CommuneFactory(insee="13100", name="Ville 0"))
    client.get(index.url)
    one = count()
    for n in range(1, 10):
        artisan(f"Atelier {n}", CommuneFactory(insee=f"13{100 + n}", name=f"Ville {n}"))
    assert count() == one


def test_the_level_and_its_territory_must_agree(places):
    page = TerritoryPage(
        title="Mal rempli",
        slug="x",
        level=TerritoryLevel.EPCI,
        commune=places["aubagne"],
    )
    with pytest.raises(Exception) as error:
        page.clean()
    assert set(error.value.message_dict) == {"epci", "commune"}


def test_the_sitemap_lists_the_generated_commune_pages(index, places, rf):
    artisan("Santons Fouque", places["aubagne"])
    locations = [u["location"] for u in index.get_sitemap_urls(rf.get("/"))]
    assert any(loc.endswith("/territoires/aubagne-13/") for loc in locations)


def test_demo_territories_load_once(places):
    ensure_home_page()
    DepartementFactory()
    load_demo_territories(LoadReport())
    count = Page.objects.count()
    report = LoadReport()
    load_demo_territories(report)
    assert Page.objects.count() == count
    assert not report.anything_created
    assert (
        TerritoryPage.objects.filter(slug__in=["aubagne", "bouches-du-rhone"]).count()
        == 2
    )


@pytest.mark.django_db
class TestTerritoryPageTypes(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home_page()
        self.client.force_login = self.sign_in
        self.index = self.home.add_child(
            instance=TerritoryIndexPage(title="Territoires", slug="territoires")
        )
        self.commune = CommuneFactory(insee="13005", name="Aubagne")

    def sign_in(self, user, backend=None):
        type(self.client).force_login(
            self.client, user, "django.contrib.auth.backends.ModelBackend"
        )
        user.is_staff = True
        sign_in_verified_session(self.client, user)

    def test_where_they_live(self):
        from cms.models import HomePage

        self.assertAllowedParentPageTypes(TerritoryIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(
            TerritoryPage, {TerritoryIndexPage, TerritoryPage}
        )
        self.assertCanNotCreateAt(HomePage, TerritoryPage)

    def test_they_render_and_preview(self):
        page = self.index.add_child(
            instance=TerritoryPage(
                title="Aubagne", slug="aubagne", commune=self.commune
            )
        )
        self.assertPageIsRenderable(self.index)
        self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(
            page,
            post_data=nested_form_data(
                {
                    "title": page.title,
                    "slug": page.slug,
                    "level": "commune",
                    "commune": self.commune.pk,
                    "introduction": rich_text("<p>Bonjour</p>"),
                    "body": streamfield([]),
                }
            ),
        )
