"""Editorial blocks: chosen products and artisans show only what is on sale,
in a fixed number of queries; quotes and FAQs render accessibly."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import StandardPage
from cms.setup import ensure_home_page
from tests.factories import VendorFactory, create_artisan_product
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db


def publish_page(body, slug="bloc"):
    home = ensure_home_page()
    page = StandardPage(title="Blocs", slug=slug, body=body)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_chosen_products_leave_out_what_is_not_on_sale(client):
    selling = create_artisan_product(VendorFactory(), title="Savon au miel")
    suspended = create_artisan_product(
        VendorFactory(status=VendorStatus.SUSPENDED), title="Verre suspendu"
    )
    away = create_artisan_product(VendorFactory(vacation_mode=True), title="Santon")
    page = publish_page(
        [
            (
                "chosen_products",
                {"title": "Coups de cœur", "products": [away, suspended, selling]},
            )
        ]
    )

    html = client.get(page.url).content.decode()

    assert "Coups de cœur" in html
    assert selling.get_absolute_url() in html
    assert suspended.get_absolute_url() not in html
    assert away.get_absolute_url() not in html


def test_chosen_artisans_are_only_selling_ones(client):
    selling = VendorFactory(metier="Savonnier")
    suspended = VendorFactory(status=VendorStatus.SUSPENDED)
    away = VendorFactory(vacation_mode=True)
    page = publish_page(
        [
            (
                "chosen_artisans",
                {"title": "Nos artisans", "artisans": [selling, suspended, away]},
            )
        ]
    )

    html = client.get(page.url).content.decode()

    assert selling.get_absolute_url() in html
    assert suspended.get_absolute_url() not in html
    assert away.get_absolute_url() not in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_chosen_products_cost_the_same_queries_for_2_and_12(client):
    products = [
        create_artisan_product(VendorFactory(), title=f"Savon {n}") for n in range(12)
    ]
    two = publish_page(
        [("chosen_products", {"title": "Deux", "products": products[:2]})],
        slug="deux",
    )
    twelve = publish_page(
        [("chosen_products", {"title": "Douze", "products": products})],
        slug="douze",
    )
    client.get(two.url)
    client.get(twelve.url)

    assert count_queries(client, twelve.url) == count_queries(client, two.url)


def test_quote_and_faq_render(client):
    page = publish_page(
        [
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
        ]
    )

    html = client.get(page.url).content.decode()

    assert "<blockquote><p>Acheter local</p></blockquote>" in html
    assert "<summary>Où retirer ?</summary>" in html
    assert "À l&#x27;atelier." in html or "À l'atelier." in html
