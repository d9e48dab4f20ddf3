"""The shop's own pages in Chromium with axe-core: the home page, the
catalogue, a category, a product page, a storefront, the directory (filtered
near a town too) and the join page have no critical or serious violation,
one <h1> and one <main>."""

import pytest

from tests.factories.shop_pages import shop_pages_scene

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene():
    return shop_pages_scene()


def test_shop_pages_have_no_serious_violation(page, axe, scene):
    pages = [
        "/",
        "/boutique/catalogue/",
        scene["category"].get_absolute_url(),
        scene["product"].get_absolute_url(),
        scene["vendor"].get_absolute_url(),
        "/artisans/",
        "/artisans/?near=Aubagne",
        "/artisans/rejoindre/",
    ]
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.locator("main#main").count() == 1, path
        assert page.locator("h1").count() == 1, path
        axe(page)


def test_product_page_with_a_remembered_town_has_no_serious_violation(page, axe, scene):
    # The near-me box remembers the town; the product page then says how far.
    page.goto("/artisans/?near=Aubagne")
    page.goto(scene["product"].get_absolute_url())

    assert page.locator("[data-origin]").inner_text().strip() != ""
    axe(page)
