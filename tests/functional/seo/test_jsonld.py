"""Schema.org data of the product, category, storefront and home pages,
parsed from their JSON-LD scripts."""

from decimal import Decimal as D

import pytest
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from tests.factories import VendorFactory, create_artisan_product
from vendors.models import VendorStatus

ProductCategory = get_model("catalogue", "ProductCategory")
ProductReview = get_model("reviews", "ProductReview")

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory(
        partner__name="Savonnerie du Vieux Port",
        commune="Marseille",
        postcode="13002",
        address="12 quai du Port",
        latitude=D("43.295000"),
        longitude=D("5.374000"),
        opening_hours="Du mardi au samedi, 10 h - 18 h",
        phone="04 91 00 00 00",
    )


@pytest.fixture
def savon(vendor):
    product = create_artisan_product(vendor, title="Savon à l'olive", price="4.80")
    category = create_from_breadcrumbs("Maison > Savons")
    ProductCategory.objects.create(product=product, category=category)
    return product


def positions(breadcrumb):
    return [item["position"] for item in breadcrumb["itemListElement"]]


def test_product_with_its_offer(client, head, public, savon, vendor):
    page = head(client.get(savon.get_absolute_url()))

    [product] = page.of_type("Product")
    assert product["name"] == "Savon à l'olive"
    assert product["url"] == public(savon.get_absolute_url())
    assert product["brand"] == {"@type": "Brand", "name": "Savonnerie du Vieux Port"}
    offer = product["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == "4.80"
    assert offer["priceCurrency"] == "EUR"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["url"] == public(savon.get_absolute_url())
    assert offer["seller"]["@type"] == "LocalBusiness"
    assert offer["seller"]["name"] == "Savonnerie du Vieux Port"
    assert offer["seller"]["url"] == public(vendor.get_absolute_url())
    # No review yet: no rating at all (an empty one is invalid).
    assert "aggregateRating" not in product


def test_product_breadcrumb(client, head, public, savon):
    [breadcrumb] = head(client.get(savon.get_absolute_url())).of_type("BreadcrumbList")

    assert positions(breadcrumb) == [1, 2, 3, 4]
    names = [item["name"] for item in breadcrumb["itemListElement"]]
    assert names[1:] == ["Maison", "Savons", "Savon à l'olive"]
    assert breadcrumb["itemListElement"][0]["item"] == public("/")
    assert breadcrumb["itemListElement"][-1]["item"] == public(savon.get_absolute_url())


def test_out_of_stock_and_rated_product(client, head, vendor):
    bol = create_artisan_product(vendor, title="Bol", price="12", stock=0)
    for score in (4, 5):
        oscar_factories.ProductReviewFactory(
            product=bol,
            score=score,
            status=ProductReview.APPROVED,
            title="Avis",
            body="Beau travail.",
            name="Camille",
            email=f"camille{score}@example.fr",
        )
    bol.refresh_from_db()

    [product] = head(client.get(bol.get_absolute_url())).of_type("Product")

    assert product["offers"]["price"] == "12.00"
    assert product["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert product["aggregateRating"]["ratingValue"] == 4.5
    assert product["aggregateRating"]["reviewCount"] == 2


def test_a_vacation_shop_cannot_be_bought_from(client, head, savon, vendor):
    vendor.vacation_mode = True
    vendor.save()

    [product] = head(client.get(savon.get_absolute_url())).of_type("Product")

    assert product["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_a_title_cannot_close_the_script(client, head, vendor):
    title = "</script><script>alert(1)</script> & <!--"
    product = create_artisan_product(vendor, title=title, price="3")

    page = head(client.get(product.get_absolute_url()))

    assert "<script>alert(1)" not in page.html
    [data] = page.of_type("Product")
    assert data["name"] == title


def test_category_breadcrumb(client, head, public, savon):
    category = savon.get_categories().first()

    [breadcrumb] = head(client.get(category.get_absolute_url())).of_type(
        "BreadcrumbList"
    )

    assert positions(breadcrumb) == [1, 2, 3]
    assert [item["name"] for item in breadcrumb["itemListElement"]][1:] == [
        "Maison",
        "Savons",
    ]
    assert breadcrumb["itemListElement"][-1]["item"] == public(
        category.get_absolute_url()
    )


def test_storefront_is_a_local_business(client, head, public, vendor):
    page = head(client.get(vendor.get_absolute_url()))

    [business] = page.of_type("LocalBusiness")
    assert business["name"] == "Savonnerie du Vieux Port"
    assert business["url"] == public(vendor.get_absolute_url())
    assert business["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "FR",
        "streetAddress": "12 quai du Port",
        "postalCode": "13002",
        "addressLocality": "Marseille",
    }
    assert business["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 43.295,
        "longitude": 5.374,
    }
    assert business["openingHours"] == "Du mardi au samedi, 10 h - 18 h"
    assert business["telephone"] == "04 91 00 00 00"
    [breadcrumb] = page.of_type("BreadcrumbList")
    assert positions(breadcrumb) == [1, 2, 3]
    assert breadcrumb["itemListElement"][-1]["item"] == public(
        vendor.get_absolute_url()
    )


def test_a_suspended_storefront_says_the_same_without_geo_when_unknown(client, head):
    vendor = VendorFactory(status=VendorStatus.SUSPENDED)

    [business] = head(client.get(vendor.get_absolute_url())).of_type("LocalBusiness")

    assert business["address"]["addressLocality"] == vendor.commune
    assert "geo" not in business
    assert "openingHours" not in business


def test_home_page_is_the_website_with_its_search(client, head, public, home_page):
    page = head(client.get("/"))

    [website] = page.of_type("WebSite")
    assert website["url"] == public("/")
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"].startswith(public("/"))
    assert action["target"]["urlTemplate"].endswith("?q={search_term_string}")
    assert action["query-input"] == "required name=search_term_string"
    [organization] = page.of_type("Organization")
    assert organization["name"] == "Artisans de Provence"
    assert organization["logo"].startswith("http")
