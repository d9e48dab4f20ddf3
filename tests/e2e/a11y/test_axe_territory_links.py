"""axe-core in Chromium on the directory and an e-boutique whose towns link
their territory pages: no critical or serious violation (the links in the
cards' and header's lines of text are told apart from the text)."""

from decimal import Decimal as D

import pytest

from cms.setup import ensure_home_page
from cms.territories.models import TerritoryIndexPage
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.geo import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def santonnier():
    home = ensure_home_page()
    home.add_child(instance=TerritoryIndexPage(title="Territoires", slug="territoires"))
    aubagne = CommuneFactory(insee="13005", name="Aubagne", postcodes=["13400"])
    vendor = VendorFactory(
        partner__name="Santons Fouque",
        town=aubagne,
        commune="Aubagne",
        latitude=D("43.2927"),
        longitude=D("5.5708"),
    )
    create_artisan_product(vendor, title="Santon berger")
    return vendor


def test_pages_linking_territories_have_no_serious_violation(page, axe, santonnier):
    for path, link in [
        ("/artisans/", "a.vendor-card__town"),
        (santonnier.get_absolute_url(), "a.storefront-identity__departement"),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.locator(link).count() == 1, path
        assert page.locator("main#main").count() == 1, path
        assert page.locator("h1").count() == 1, path
        axe(page)
