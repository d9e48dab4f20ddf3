"""axe-core in Chromium on the campaign pages (the index, a campaign with its
territory filter, poster and radio spot, a commune's landing page with its
map) and the portraits (the index and a portrait): no critical or serious
violation, one <h1> and one <main>."""

import datetime
from decimal import Decimal as D

import pytest
from wagtail.models import Collection

from cms.campaigns.demo import demo_image, poster_files, radio_spot
from cms.campaigns.models import (
    CampaignArtisan,
    CampaignIndexPage,
    CampaignPage,
    CampaignProduct,
    PortraitIndexPage,
    PortraitPage,
)
from cms.setup import ensure_home_page
from shop.apps.core.demo.loader import LoadReport
from tests.e2e.shop.test_map import MARKERS
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory
from tests.factories.geo import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene():
    # Earlier browser tests flush the database, Wagtail's root collection too.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    report = LoadReport()
    home = ensure_home_page()
    aubagne = CommuneFactory(insee="13005", name="Aubagne")
    toulon = CommuneFactory(
        insee="83137",
        name="Toulon",
        departement=DepartementFactory(code="83", name="Var"),
    )
    santons = VendorFactory(
        partner__name="Santons Fouque",
        metier="Santonnier",
        town=aubagne,
        commune="Aubagne",
        latitude=D("43.2927"),
        longitude=D("5.5708"),
    )
    cordes = VendorFactory(
        partner__name="Cordes de Toulon",
        metier="Cordier",
        town=toulon,
        commune="Toulon",
        latitude=D("43.1242"),
        longitude=D("5.9280"),
    )
    PickupPointFactory(name="Drive d'Aubagne", town=aubagne, commune="Aubagne")
    products = [
        create_artisan_product(santons, title="Santon berger"),
        create_artisan_product(cordes, title="Corde tressée"),
    ]
    poster, pdf = poster_files(
        report, "Mon artisan", "Des créations faites près de chez vous"
    )
    index = home.add_child(
        instance=CampaignIndexPage(title="Campagnes", slug="campagnes")
    )
    campaign = CampaignPage(
        title="Mon artisan enchante le quotidien",
        slug="mon-artisan",
        tagline="Des créations faites près de chez vous",
        introduction="Chaque achat fait vivre un atelier du quartier.",
        starts_on=datetime.date.today(),
        hero_image=demo_image(report, "santon", "Un atelier de santonnier"),
        media=[
            ("poster", {"title": "L'affiche", "image": poster, "print_file": pdf}),
            (
                "radio_spot",
                {
                    "title": "Le spot radio",
                    "audio": radio_spot("Mon artisan"),
                    "transcript": "Voix off : mon artisan enchante le quotidien.",
                },
            ),
        ],
    )
    campaign.chosen_artisans = [
        CampaignArtisan(vendor=santons, note="Trois générations de santonniers."),
        CampaignArtisan(vendor=cordes),
    ]
    campaign.chosen_products = [CampaignProduct(product=p) for p in products]
    index.add_child(instance=campaign)
    portraits = home.add_child(
        instance=PortraitIndexPage(title="Portraits", slug="portraits")
    )
    portrait = portraits.add_child(
        instance=PortraitPage(
            title="Magali, santonnière",
            slug="magali",
            vendor=santons,
            introduction="L'argile du Garlaban, modelée à la main.",
            photo=demo_image(report, "santon", "Magali dans son atelier"),
            photo_caption="Magali peint un berger.",
            body=[
                ("quote", {"text": "Un santon, c'est un voisin.", "author": "Magali"})
            ],
        )
    )
    return {
        "index": index,
        "campaign": campaign,
        "portraits": portraits,
        "portrait": portrait,
    }


def check(page, axe, path):
    response = page.goto(path)
    assert response.status == 200, path
    page.wait_for_load_state("networkidle")
    assert page.locator("main#main").count() == 1, path
    assert page.locator("h1").count() == 1, path
    axe(page)


def test_campaign_pages_have_no_serious_violation(page, axe, scene):
    campaign = scene["campaign"]
    check(page, axe, scene["index"].url)
    check(page, axe, campaign.url)
    assert page.locator("[data-campaign-artisans] > li").count() == 2
    assert page.locator("audio").count() == 1
    # The territory filter, used as a visitor would.
    page.select_option("#id_territoire", label="Toulon")
    page.locator(".campaign-filter [type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-campaign-artisans] > li").count() == 1
    axe(page)


def test_a_landing_page_with_its_map_has_no_serious_violation(page, axe, scene):
    response = page.goto(scene["campaign"].url + "aubagne-13/")
    assert response.status == 200
    page.locator(MARKERS).first.wait_for()
    assert page.locator("h1").count() == 1
    assert page.locator("[data-campaign-points] > li").count() == 1
    axe(page)


def test_portrait_pages_have_no_serious_violation(page, axe, scene):
    check(page, axe, scene["portraits"].url)
    check(page, axe, scene["portrait"].url)
    assert page.locator("[data-portrait-products] > li").count() == 1
