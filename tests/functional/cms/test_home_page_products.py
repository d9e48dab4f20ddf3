"""The home page: the campaign first, products on sale only (near the town
the visitor chose, else the newest), featured artisans."""

from decimal import Decimal as D

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.setup import ensure_home_page
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    home = ensure_home_page()
    home.body = [
        (
            "call_to_action",
            {
                "title": "Mon artisan enchante le quotidien",
                "text": "Des créations faites près de chez vous.",
                "link_label": "Découvrir le catalogue",
                "link_url": "/boutique/catalogue/",
            },
        ),
        ("heading", {"text": "Consommez local", "size": "h2"}),
        ("latest_products", {"title": "Nouveautés", "count": 8}),
    ]
    home.save_revision().publish()
    return home


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_latest_products_leave_out_suspended_and_vacationing_artisans(client, home):
    selling = create_artisan_product(VendorFactory(), title="Savon au miel")
    suspended = create_artisan_product(
        VendorFactory(status=VendorStatus.SUSPENDED), title="Verre suspendu"
    )
    away = create_artisan_product(
        VendorFactory(vacation_mode=True), title="Santon en vacances"
    )

    html = client.get("/").content.decode()

    assert selling.get_absolute_url() in html
    assert suspended.get_absolute_url() not in html
    assert away.get_absolute_url() not in html


def test_campaign_comes_before_the_products_and_the_editorial_text(client, home):
    create_artisan_product(VendorFactory(), title="Savon au miel")

    html = client.get("/").content.decode()

    campaign = html.index("Mon artisan enchante le quotidien")
    products = html.index("Savon au miel")
    editorial = html.index("Consommez local")
    assert campaign < products < editorial
    assert html.count("<h1") == 1


def test_products_near_the_town_chosen_in_the_near_me_box(english, home):
    near = VendorFactory(
        partner__name="Santons d'Aubagne",
        commune="Aubagne",
        latitude=D("43.2928"),
        longitude=D("5.5708"),
    )
    far = VendorFactory(
        partner__name="Verrerie de Biot",
        commune="Biot",
        latitude=D("43.6285"),
        longitude=D("7.0958"),
    )
    near_product = create_artisan_product(near, title="Santon berger")
    create_artisan_product(far, title="Verre bullé")
    PickupPointFactory(
        commune="Marseille", latitude=D("43.2965"), longitude=D("5.3698")
    )
    english.get("/artisans/", {"near": "Marseille"})

    response = english.get("/")

    html = response.content.decode()
    assert "Made near you" in html
    assert "Nearest first from Marseille" in html
    assert "sort_by=distance&amp;lat=43.297&amp;lon=5.370" in html
    section = html.split("data-home-near", 1)[1]
    assert section.index("Santon berger") < section.index("Verre bullé")
    assert near_product.get_absolute_url() in section


def test_featured_artisans_are_selling_ones_with_products(client, home):
    selling = VendorFactory(partner__name="Savonnerie du Vallon")
    create_artisan_product(selling, title="Savon")
    VendorFactory(partner__name="Atelier sans produit")
    away = VendorFactory(partner__name="Poterie fermée", vacation_mode=True)
    create_artisan_product(away, title="Bol")

    html = client.get("/").content.decode()

    assert "Savonnerie du Vallon" in html
    assert "Atelier sans produit" not in html.split("place-map")[0]
    assert "Poterie fermée" not in html.split("place-map")[0]


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_query_count_does_not_grow_with_artisans_and_products(english, home):
    PickupPointFactory(
        commune="Marseille", latitude=D("43.2965"), longitude=D("5.3698")
    )
    english.get("/artisans/", {"near": "Marseille"})
    for index in range(3):
        vendor = VendorFactory(latitude=D("43.3"), longitude=D("5.4"))
        create_artisan_product(vendor, title=f"Savon {index}")
    english.get("/")
    with_three = count_queries(english)

    for index in range(3, 15):
        vendor = VendorFactory(latitude=D("43.3"), longitude=D("5.4"))
        create_artisan_product(vendor, title=f"Savon {index}")

    assert count_queries(english) == with_three
