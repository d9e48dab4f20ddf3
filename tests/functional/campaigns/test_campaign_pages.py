"""A campaign shows the artisans and products its editors chose, those
that sell now, filtered by territory, with a landing page for each commune it
reaches."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.campaigns.fetch import campaigns_by_period
from tests.factories import create_artisan_product
from tests.factories.delivery import PickupPointFactory
from vendors.models import VendorStatus

from .conftest import artisan, make_campaign

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def withdrawn(product):
    product.is_public = False
    product.save()
    return product


def shown(response):
    return [v.name for v in response.context["artisans"]]


@pytest.fixture
def campaign(campaign_index, towns):
    santons = artisan("Santons Fouque", towns["aubagne"])
    vacances = artisan("Poterie en vacances", towns["aubagne"], vacation_mode=True)
    suspendu = artisan(
        "Verrerie suspendue", towns["cassis"], status=VendorStatus.SUSPENDED
    )
    savons = artisan("Savonnerie du Vieux-Port", towns["sixth"])
    toulon = artisan("Cordes de Toulon", towns["toulon"])
    products = [
        create_artisan_product(toulon, title="Corde tressée"),
        create_artisan_product(santons, title="Santon berger"),
        create_artisan_product(vacances, title="Pot en vacances"),
        create_artisan_product(suspendu, title="Verre suspendu"),
        withdrawn(create_artisan_product(savons, title="Savon d'Alep")),
    ]
    return make_campaign(
        campaign_index,
        vendors=[toulon, suspendu, santons, vacances, savons],
        products=products,
        tagline="Des créations faites près de chez vous",
    )


def test_shows_the_chosen_artisans_selling_now_in_the_editors_order(client, campaign):
    response = client.get(campaign.url)
    assert response.status_code == 200
    assert shown(response) == [
        "Cordes de Toulon",
        "Santons Fouque",
        "Savonnerie du Vieux-Port",
    ]
    html = response.content.decode()
    assert "Choisi : Santons Fouque" in html
    assert "Verrerie suspendue" not in html
    assert "Poterie en vacances" not in html
    assert "Des créations faites près de chez vous" in html


def test_shows_only_the_chosen_products_on_sale(client, campaign):
    response = client.get(campaign.url)
    titles = [p.title for p in response.context["products"]]
    # Withdrawn, artisan on vacation or suspended: not on sale.
    assert titles == ["Corde tressée", "Santon berger"]


def test_the_territory_filter_narrows_to_a_departement_or_a_commune(
    client, campaign, towns
):
    response = client.get(campaign.url, {"territoire": "departement:var-83"})
    assert shown(response) == ["Cordes de Toulon"]
    assert [p.title for p in response.context["products"]] == ["Corde tressée"]

    # A commune holds its arrondissements.
    response = client.get(campaign.url, {"territoire": towns["marseille"].slug})
    assert shown(response) == ["Savonnerie du Vieux-Port"]
    assert response.context["products"] == []


def test_an_unknown_territory_shows_the_whole_campaign(client, campaign, towns):
    # Cassis's only chosen artisan is suspended: the campaign does not reach it.
    response = client.get(campaign.url, {"territoire": towns["cassis"].slug})
    assert response.status_code == 200
    assert response.context["territory"] is None
    assert len(shown(response)) == 3


def test_every_commune_reached_has_its_landing_page(client, campaign, towns):
    response = client.get(campaign.url)
    reached = [commune.name for commune, _ in response.context["landings"]]
    assert reached == ["Aubagne", "Marseille", "Toulon"]

    landing = client.get(campaign.url + "aubagne-13/")
    assert landing.status_code == 200
    assert shown(landing) == ["Santons Fouque"]
    assert [p.title for p in landing.context["products"]] == ["Santon berger"]
    assert "Mon artisan enchante le quotidien" in landing.content.decode()


def test_a_landing_page_lists_the_communes_pickup_points(client, campaign, towns):
    PickupPointFactory(
        name="Drive de la gare", town=towns["aubagne"], commune="Aubagne"
    )
    PickupPointFactory(name="Relais de Toulon", town=towns["toulon"], commune="Toulon")
    landing = client.get(campaign.url + "aubagne-13/")
    assert [p.name for p in landing.context["points"]] == ["Drive de la gare"]


def test_a_commune_not_reached_has_no_landing_page(client, campaign, towns):
    # Cassis: only a suspended artisan; Marseille 6e: its commune stands for it.
    assert client.get(campaign.url + "cassis-13/").status_code == 404
    assert client.get(campaign.url + towns["sixth"].slug + "/").status_code == 404
    assert client.get(campaign.url + "nowhere-99/").status_code == 404


def test_the_landing_pages_are_in_the_sitemap(campaign, rf):
    locations = [u["location"] for u in campaign.get_sitemap_urls(rf.get("/"))]
    assert campaign.full_url in locations
    assert campaign.full_url + "toulon-83/" in locations
    assert campaign.full_url + "cassis-13/" not in locations


def test_the_period_and_its_status(campaign_index):
    upcoming = make_campaign(
        campaign_index,
        title="Noël chez l'artisan",
        slug="noel",
        starts_on=TODAY + datetime.timedelta(days=10),
        ends_on=TODAY + datetime.timedelta(days=40),
    )
    ended = make_campaign(
        campaign_index,
        title="Printemps des métiers",
        slug="printemps",
        starts_on=TODAY - datetime.timedelta(days=90),
        ends_on=TODAY - datetime.timedelta(days=60),
    )
    running = make_campaign(campaign_index, ends_on=TODAY)
    assert upcoming.status() == "upcoming"
    assert ended.status() == "ended"
    assert running.status() == "running"
    assert campaigns_by_period(campaign_index) == {
        "running": [running],
        "upcoming": [upcoming],
        "ended": [ended],
    }


def test_a_campaign_cannot_end_before_it_starts(campaign_index):
    page = make_campaign(campaign_index)
    page.ends_on = page.starts_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "ends_on" in error.value.message_dict


def test_the_index_lists_running_upcoming_and_ended_campaigns(client, campaign_index):
    make_campaign(campaign_index, title="En cours", slug="en-cours")
    make_campaign(
        campaign_index,
        title="Bientôt",
        slug="bientot",
        starts_on=TODAY + datetime.timedelta(days=5),
    )
    body = client.get(campaign_index.url).content.decode()
    assert body.index("En cours") < body.index("Bientôt")
    assert 'data-campaigns="upcoming"' in body
    assert 'data-campaigns="ended"' not in body


def test_the_campaign_page_costs_the_same_queries_as_artisans_grow(
    client, campaign_index, towns
):
    def queries(count):
        vendors = [
            artisan(f"Atelier {count}-{n}", towns["aubagne"]) for n in range(count)
        ]
        products = [create_artisan_product(v, title=f"Pièce {v.pk}") for v in vendors]
        page = make_campaign(
            campaign_index,
            vendors=vendors,
            products=products,
            slug=f"campagne-{count}",
        )
        client.get(page.url)  # warm the site's caches
        with CaptureQueriesContext(connection) as context:
            response = client.get(page.url)
        assert len(response.context["artisans"]) == count
        return len(context.captured_queries)

    assert queries(2) == queries(12)
