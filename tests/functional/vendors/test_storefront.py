"""An artisan's e-boutique at /artisans/<slug>/, and products naming their artisan."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from tests.factories import VendorFactory, create_artisan_product
from vendors.models import VatRegime, VendorLabel, VendorStatus

ProductReview = get_model("reviews", "ProductReview")
BasketLine = get_model("basket", "Line")

pytestmark = pytest.mark.django_db


def titles_listed(response):
    return [product.title for product in response.context["products"]]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def review(product, score, status=ProductReview.APPROVED):
    return oscar_factories.ProductReviewFactory(
        product=product,
        score=score,
        status=status,
        title="Avis",
        body="Très beau travail.",
        name="Camille",
        email="camille@example.fr",
    )


@pytest.fixture
def savonnerie():
    return VendorFactory(
        partner__name="Savonnerie du Vallon",
        slug="savonnerie-du-vallon",
        metier="Savonnier",
        commune="Salon-de-Provence",
        address="12 rue des Oliviers",
        postcode="13300",
        opening_hours="Du mardi au samedi, 9 h - 18 h",
        description="Savons à l'huile d'olive, saponifiés à froid.",
        story="<p>Née en <strong>1998</strong> au pied des Alpilles.</p>",
        labels=[VendorLabel.FAIT_MAIN],
        vat_regime=VatRegime.FRANCHISE,
    )


def test_storefront_url_is_the_vendors_absolute_url(savonnerie):
    assert savonnerie.get_absolute_url() == "/artisans/savonnerie-du-vallon/"
    assert reverse("vendors:storefront", kwargs={"slug": savonnerie.slug}) == (
        "/artisans/savonnerie-du-vallon/"
    )


def test_storefront_presents_the_workshop(client, savonnerie):
    response = client.get(savonnerie.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Savonnerie du Vallon" in content
    assert "<strong>1998</strong>" in content  # the sanitised story, as HTML
    assert "12 rue des Oliviers" in content
    assert "13300 Salon-de-Provence" in content
    assert "Du mardi au samedi" in content
    assert "TVA non applicable, art. 293 B du CGI" in content
    assert str(VendorLabel.FAIT_MAIN.label) in content
    assert "vendor-notice" not in content


def test_storefront_has_its_own_title_and_meta_description(client, savonnerie):
    content = client.get(savonnerie.get_absolute_url()).content.decode()

    title = content.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Savonnerie du Vallon" in title
    assert "Salon-de-Provence" in title
    assert (
        '<meta name="description" content="Savons à l&#x27;huile d&#x27;olive'
        in content
    )


def test_storefront_shows_its_public_products_only(client, savonnerie):
    create_artisan_product(savonnerie, "Savon à la lavande")
    hidden = create_artisan_product(savonnerie, "Savon en préparation")
    hidden.is_public = False
    hidden.save()
    create_artisan_product(VendorFactory(), "Bol en grès")

    response = client.get(savonnerie.get_absolute_url())

    assert titles_listed(response) == ["Savon à la lavande"]


@pytest.mark.parametrize(
    ("sort_by", "expected"),
    [
        ("newest", ["Cire", "Baume", "Argile"]),
        ("price-asc", ["Baume", "Cire", "Argile"]),
        ("price-desc", ["Argile", "Cire", "Baume"]),
        ("title", ["Argile", "Baume", "Cire"]),
        ("nonsense", ["Cire", "Baume", "Argile"]),
    ],
)
def test_storefront_products_can_be_sorted(client, savonnerie, sort_by, expected):
    create_artisan_product(savonnerie, "Argile", price="30.00")
    create_artisan_product(savonnerie, "Baume", price="5.00")
    create_artisan_product(savonnerie, "Cire", price="12.50")

    response = client.get(savonnerie.get_absolute_url(), {"sort_by": sort_by})

    assert response.status_code == 200
    assert titles_listed(response) == expected


def test_storefront_products_are_paginated_by_24(client, savonnerie):
    for index in range(26):
        create_artisan_product(savonnerie, f"Savon {index:02d}")

    first = client.get(savonnerie.get_absolute_url(), {"sort_by": "title"})
    second = client.get(savonnerie.get_absolute_url(), {"sort_by": "title", "page": 2})

    assert len(titles_listed(first)) == 24
    assert titles_listed(second) == ["Savon 24", "Savon 25"]
    assert "sort_by=title&amp;page=2" in first.content.decode()
    missing = client.get(savonnerie.get_absolute_url(), {"page": 5})
    assert missing.status_code == 404


def test_storefront_shows_the_average_of_approved_reviews_of_its_products(
    client, savonnerie
):
    soap = create_artisan_product(savonnerie, "Savon")
    balm = create_artisan_product(savonnerie, "Baume")
    review(soap, 4)
    review(balm, 5)
    review(balm, 1, status=ProductReview.FOR_MODERATION)
    review(balm, 1, status=ProductReview.REJECTED)
    review(create_artisan_product(VendorFactory(), "Bol"), 1)

    response = client.get(savonnerie.get_absolute_url())

    assert response.context["rating"]["count"] == 2
    assert response.context["rating"]["average"] == pytest.approx(4.5)
    rating_html = response.content.decode().split('vendor-rating">')[1]
    assert "4,5" in rating_html.split("</p>")[0]


def test_storefront_without_reviews_has_no_average(client, savonnerie):
    create_artisan_product(savonnerie, "Savon")

    response = client.get(savonnerie.get_absolute_url())

    assert response.context["rating"] == {"average": None, "count": 0}


def test_shop_on_vacation_is_visible_with_its_message(client, savonnerie):
    savonnerie.vacation_mode = True
    savonnerie.vacation_message = "Fermé jusqu'au 2 septembre, bonnes vacances !"
    savonnerie.save()
    create_artisan_product(savonnerie, "Savon")

    response = client.get(savonnerie.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "vendor-notice" in content
    assert "Fermé jusqu&#x27;au 2 septembre, bonnes vacances !" in content
    assert titles_listed(response) == ["Savon"]


def test_suspended_shop_is_visible_with_a_notice_that_it_does_not_sell(
    client, savonnerie
):
    savonnerie.status = VendorStatus.SUSPENDED
    savonnerie.save()

    response = client.get(savonnerie.get_absolute_url())

    assert response.status_code == 200
    assert response.context["is_suspended"] is True
    assert 'class="alert alert-danger vendor-notice"' in response.content.decode()


@pytest.mark.parametrize("status", [VendorStatus.CLOSED, VendorStatus.APPLIED])
def test_closed_or_not_yet_approved_shop_is_not_found(client, savonnerie, status):
    savonnerie.status = status
    savonnerie.save()

    assert client.get(savonnerie.get_absolute_url()).status_code == 404


def test_unknown_shop_is_not_found(client):
    assert client.get("/artisans/atelier-qui-n-existe-pas/").status_code == 404


def test_storefront_query_count_does_not_grow_with_the_number_of_products(
    client, savonnerie
):
    review(create_artisan_product(savonnerie, "Savon 0"), 5)
    for index in range(1, 5):
        create_artisan_product(savonnerie, f"Savon {index}")
    url = savonnerie.get_absolute_url()
    client.get(url)  # warm up (site, sessions, thumbnails of the missing image)
    with_five = count_queries(client, url)

    for index in range(5, 50):
        create_artisan_product(savonnerie, f"Savon {index}")
    with_fifty = count_queries(client, url)
    with_fifty_by_price = count_queries(client, url + "?sort_by=price-asc&page=2")

    assert with_fifty == with_five
    assert with_fifty_by_price == with_five


# Products name and link their artisan ------------------------------------------


def test_product_page_names_and_links_its_artisan(client, savonnerie):
    soap = create_artisan_product(savonnerie, "Savon à la lavande")

    content = client.get(soap.get_absolute_url()).content.decode()

    assert 'class="product-artisan' in content
    assert f'<a href="{savonnerie.get_absolute_url()}">Savonnerie du Vallon</a>' in (
        content
    )


def test_product_tiles_in_the_catalogue_link_their_artisan(client, savonnerie):
    create_artisan_product(savonnerie, "Savon à la lavande")
    potiere = VendorFactory(partner__name="Poterie du Soleil")
    create_artisan_product(potiere, "Bol en grès")

    content = client.get("/boutique/catalogue/").content.decode()

    assert f'<a href="{savonnerie.get_absolute_url()}">Savonnerie du Vallon</a>' in (
        content
    )
    assert f'<a href="{potiere.get_absolute_url()}">Poterie du Soleil</a>' in content


def test_product_of_a_shop_on_vacation_cannot_be_added_to_the_basket(
    client, savonnerie
):
    open_shop_product = create_artisan_product(VendorFactory(), "Bol en grès")
    savonnerie.vacation_mode = True
    savonnerie.save()
    soap = create_artisan_product(savonnerie, "Savon", price="7.50", stock=10)

    page = client.get(soap.get_absolute_url()).content.decode()
    client.post(reverse("basket:add", kwargs={"pk": soap.pk}), {"quantity": 1})

    assert 'id="add_to_basket_form"' not in page
    assert not BasketLine.objects.filter(product=soap).exists()
    # The same request for a selling shop's product does add it.
    assert (
        'id="add_to_basket_form"'
        in client.get(open_shop_product.get_absolute_url()).content.decode()
    )
    client.post(
        reverse("basket:add", kwargs={"pk": open_shop_product.pk}), {"quantity": 1}
    )
    assert BasketLine.objects.filter(product=open_shop_product).exists()


def test_product_price_on_the_storefront_is_tax_inclusive(client, savonnerie):
    create_artisan_product(savonnerie, "Savon", price="7.50")

    response = client.get(savonnerie.get_absolute_url())

    product = response.context["products"][0]
    assert product.stockrecords.all()[0].price == D("7.50")
    assert "7,50" in response.content.decode()


def test_storefront_page_stays_within_a_small_fixed_number_of_queries(
    client, savonnerie, django_assert_max_num_queries
):
    for index in range(30):
        create_artisan_product(savonnerie, f"Savon {index}")
    client.get(savonnerie.get_absolute_url())

    # Request savepoint (2), shop, count, rating, one page of ids, the page's
    # products with children, options, stock records, images, partner and shop
    # (7), the categories of Oscar's navigation (2), the map's points (1),
    # the shop's fulfilment options (1), the open promotions the tiles
    # badge (1), the footer's site, chamber settings and partners (3), the
    # shop's apprenticeship offers (1) and its published portrait (1).
    with django_assert_max_num_queries(24):
        client.get(savonnerie.get_absolute_url())


def test_storefront_tiles_link_their_product_pages_without_repeating_the_artisan(
    client, savonnerie
):
    soap = create_artisan_product(savonnerie, "Savon à la lavande")

    content = client.get(savonnerie.get_absolute_url()).content.decode()

    assert f'href="{soap.get_absolute_url()}"' in content
    assert 'class="product-artisan' not in content


def test_a_storefront_with_its_town_pages_and_portrait_stays_within_the_pin(
    client, savonnerie, django_assert_max_num_queries
):
    from cms.campaigns.models import PortraitIndexPage, PortraitPage
    from cms.setup import ensure_home_page
    from cms.territories.models import TerritoryIndexPage
    from tests.factories.geo import CommuneFactory

    savonnerie.town = CommuneFactory(insee="13103", name="Salon-de-Provence")
    savonnerie.save()
    home = ensure_home_page()
    home.add_child(instance=TerritoryIndexPage(title="Territoires", slug="territoires"))
    portraits = home.add_child(
        instance=PortraitIndexPage(title="Portraits", slug="portraits")
    )
    portrait = portraits.add_child(
        instance=PortraitPage(
            title="La savonnerie", slug="savonnerie", vendor=savonnerie
        )
    )
    for index in range(30):
        create_artisan_product(savonnerie, f"Savon {index}")
    client.get(savonnerie.get_absolute_url())

    # The pin above, plus the territories' pages (1); the portrait is one
    # query with its view restrictions.
    with django_assert_max_num_queries(25):
        response = client.get(savonnerie.get_absolute_url())
    body = response.content.decode()
    assert f'href="{portrait.url}"' in body
    assert 'href="/territoires/salon-de-provence-13/"' in body
