"""A standard page holding every editorial block (chosen products and
artisans, quote, FAQ, audio, video, category showcase, map, partners) and the
footer's contact, social links and partners has no critical or serious axe
violation, one <h1> and one <main>."""

from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.demo import load_demo_blocks
from cms.models import StandardPage
from cms.setup import ensure_home_page
from cms.snippets import PartnerKind
from shop.apps.core.demo.loader import LoadReport
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory

pytestmark = pytest.mark.django_db(transaction=True)

CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:02.000\nL'argile modelée.\n".encode()


def document(filename, content=b"data"):
    return get_document_model().objects.create(
        title=filename, file=ContentFile(content, name=filename)
    )


@pytest.fixture
def blocks_page():
    # Earlier browser tests flush the database, Wagtail's root collection too.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    load_demo_blocks(LoadReport())
    vendor = VendorFactory(
        metier="Savonnier", latitude=D("43.2965"), longitude=D("5.3698")
    )
    product = create_artisan_product(vendor, title="Savon au miel")
    category = create_from_breadcrumbs("Savons > Savons au miel")
    get_model("catalogue", "ProductCategory").objects.create(
        product=product, category=category
    )
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
            (
                "audio",
                {
                    "title": "Entretien avec une savonnière",
                    "audio": document("entretien.mp3"),
                    "transcript": "Je fais mes savons à froid.",
                    "credit": "Radio Provence",
                },
            ),
            (
                "video",
                {
                    "title": "Dans l'atelier du santonnier",
                    "video": document("atelier.mp4"),
                    "captions": document("atelier.vtt", CAPTIONS),
                    "captions_language": "fr",
                    "transcript": "Le santonnier modèle l'argile.",
                },
            ),
            (
                "video",
                {
                    "title": "La fabrication du savon",
                    "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                },
            ),
            (
                "category_showcase",
                {"title": "Nos rayons", "categories": [category.get_parent()]},
            ),
            (
                "map",
                {
                    "title": "Où nous trouver",
                    "artisans": [vendor],
                    "points": [PickupPointFactory(name="Drive du port")],
                },
            ),
            (
                "partners",
                {"title": "Nos financeurs", "partners": [], "kind": PartnerKind.FUNDER},
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
    # The FAQ's question and the audio's and the video's transcripts.
    assert page.locator("details summary").count() == 3
    assert page.locator("audio source[type='audio/mpeg']").count() == 1
    assert page.locator("video track[kind='captions']").count() == 1
    assert page.locator("iframe[title='La fabrication du savon']").count() == 1
    assert page.locator(".category-showcase__link").count() == 1
    # The map block starts its map: a marker for the artisan and the point.
    assert page.locator(".place-map__canvas").is_visible()
    assert page.locator(".place-map__marker").count() == 2
    assert page.locator(".cms-partners img[alt='Région Sud']").count() == 1
    axe(page)
