"""axe-core in Chromium on the territory pages: the index of territories, a
commune page written by editors (with its map drawn), a commune page and a
département page made from the data have no critical or serious violation,
one <h1> and one <main>."""

from decimal import Decimal as D

import pytest

from cms.setup import ensure_home_page
from cms.territories.models import TerritoryIndexPage, TerritoryLevel, TerritoryPage
from tests.e2e.shop.test_map import MARKERS
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory
from tests.factories.geo import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene():
    home = ensure_home_page()
    index = home.add_child(
        instance=TerritoryIndexPage(
            title="Territoires",
            slug="territoires",
            introduction="Les communes de la région et leurs artisans.",
        )
    )
    aubagne = CommuneFactory(insee="13005", name="Aubagne", postcodes=["13400"])
    salon = CommuneFactory(insee="13103", name="Salon-de-Provence")
    santonnier = VendorFactory(
        partner__name="Santons Fouque",
        town=aubagne,
        commune="Aubagne",
        latitude=D("43.2927"),
        longitude=D("5.5708"),
    )
    VendorFactory(
        partner__name="Céramiques du Garlaban",
        town=aubagne,
        commune="Aubagne",
        vacation_mode=True,
    )
    create_artisan_product(santonnier, title="Santon berger")
    VendorFactory(partner__name="Savonnerie du Moulin", town=salon, commune=salon.name)
    PickupPointFactory(name="Drive d'Aubagne", town=aubagne)
    written = index.add_child(
        instance=TerritoryPage(
            title="Aubagne, capitale du santon",
            slug="aubagne",
            level=TerritoryLevel.COMMUNE,
            commune=aubagne,
            introduction="<p>Capitale du <b>santon</b>.</p>",
        )
    )
    return {"index": index, "written": written, "salon": salon}


def test_territory_pages_have_no_serious_violation(page, axe, scene):
    pages = [
        scene["index"].url,
        scene["index"].url + scene["salon"].slug + "/",
        scene["index"].url + "departement/bouches-du-rhone-13/",
    ]
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.locator("main#main").count() == 1, path
        assert page.locator("h1").count() == 1, path
        axe(page)


def test_a_written_territory_page_with_its_map_has_no_serious_violation(
    page, axe, scene
):
    response = page.goto(scene["written"].url)
    assert response.status == 200
    page.locator(MARKERS).first.wait_for()

    assert page.locator("h1").inner_text().strip() == "Aubagne, capitale du santon"
    assert page.locator("[data-territory-artisans] > li").count() == 2
    axe(page)
