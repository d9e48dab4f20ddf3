"""A standard page holding every editorial block (chosen products and
artisans, quote, FAQ) and the footer's contact, social links and partners
has no critical or serious axe violation, one <h1> and one <main>."""

import pytest
from wagtail.models import Collection

from cms.demo import load_demo_blocks
from cms.models import StandardPage
from cms.setup import ensure_home_page
from shop.apps.core.demo.loader import LoadReport
from tests.factories import VendorFactory, create_artisan_product

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def blocks_page():
    # Earlier browser tests flush the database, Wagtail's root collection too.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    load_demo_blocks(LoadReport())
    vendor = VendorFactory(metier="Savonnier")
    product = create_artisan_product(vendor, title="Savon au miel")
    page = StandardPage(
        title="Tous les blocs",
        slug="tous-les-blocs",
        body=[
            ("chosen_products", {"title": "Coups de cœur", "products": [product]}),
            ("chosen_artisans", {"title": "Nos artisans", "artisans": [vendor]}),
            ("quote", {"text": "Acheter local", "author": "Marie", "role": "Cliente"}),
            (
                "faq",
                {
                    "title": "Questions",
                    "questions": [
                        {"question": "Où retirer ?", "answer": "<p>À l'atelier.</p>"}
                    ],
                },
            ),
        ],
    )
    ensure_home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def test_every_block_has_no_serious_violation(page, axe, blocks_page):
    response = page.goto(blocks_page.url)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("main#main").count() == 1
    assert page.locator("h1").count() == 1
    assert page.locator("details summary").count() == 1
    axe(page)
