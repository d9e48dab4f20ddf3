"""sitemap.xml lists what a visitor can buy or read; robots.txt keeps
crawlers out of baskets, accounts and work areas and names the sitemap."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from cms.models import StandardPage
from tests.factories import VendorFactory, create_artisan_product
from vendors.models import VendorStatus

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.find("sm:loc", NS).text: getattr(url.find("sm:lastmod", NS), "text", None)
        for url in root.findall("sm:url", NS)
    }


def section(client, name):
    return locations(client.get(reverse("sitemap-section", args=[name])))


def test_the_index_lists_each_section(client, public, home_page):
    response = client.get("/sitemap.xml")

    root = ET.fromstring(response.content)
    listed = [s.find("sm:loc", NS).text for s in root.findall("sm:sitemap", NS)]
    assert listed == [
        public(reverse("sitemap-section", args=[name]))
        for name in ("pages", "artisans", "categories", "products")
    ]


def test_products_on_sale_only(client, public, home_page):
    on_sale = create_artisan_product(VendorFactory(), title="Savon")
    out_of_stock = create_artisan_product(VendorFactory(), title="Bol", stock=0)
    suspended = create_artisan_product(
        VendorFactory(status=VendorStatus.SUSPENDED), title="Vase"
    )
    on_vacation = create_artisan_product(
        VendorFactory(vacation_mode=True), title="Panier"
    )
    hidden = create_artisan_product(VendorFactory(), title="Brouillon")
    Product.objects.filter(pk=hidden.pk).update(is_public=False)

    listed = section(client, "products")

    assert public(on_sale.get_absolute_url()) in listed
    assert listed[public(on_sale.get_absolute_url())]  # lastmod
    for product in (out_of_stock, suspended, on_vacation, hidden):
        assert public(product.get_absolute_url()) not in listed
    assert len(listed) == 1


def test_storefronts_of_approved_artisans(client, public, home_page):
    approved = VendorFactory()
    on_vacation = VendorFactory(vacation_mode=True)
    suspended = VendorFactory(status=VendorStatus.SUSPENDED)
    applied = VendorFactory(status=VendorStatus.APPLIED)

    listed = section(client, "artisans")

    assert public(approved.get_absolute_url()) in listed
    # On vacation, the shop still has its page and its story.
    assert public(on_vacation.get_absolute_url()) in listed
    assert public(suspended.get_absolute_url()) not in listed
    assert public(applied.get_absolute_url()) not in listed


def test_public_categories(client, public, home_page):
    savons = create_from_breadcrumbs("Maison > Savons")
    hidden = create_from_breadcrumbs("Réserve")
    hidden.is_public = False
    hidden.save()

    listed = section(client, "categories")

    assert public(savons.get_absolute_url()) in listed
    assert public(savons.get_parent().get_absolute_url()) in listed
    assert public(hidden.get_absolute_url()) not in listed


def test_live_wagtail_pages(client, public, home_page):
    charte = home_page.add_child(
        instance=StandardPage(title="Notre charte", slug="charte")
    )
    charte.save_revision().publish()
    home_page.add_child(
        instance=StandardPage(title="Brouillon", slug="brouillon", live=False)
    )

    listed = section(client, "pages")

    assert public("/") in listed
    assert public("/charte/") in listed
    assert listed[public("/charte/")]
    assert public("/brouillon/") not in listed


def test_robots_txt(client, public):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in (
        "/boutique/basket/",
        "/boutique/checkout/",
        "/boutique/accounts/",
        "/boutique/dashboard/",
        "/espace-artisan/",
        "/logistique/",
        "/cms-admin/",
        "/api/",
    ):
        assert f"Disallow: {path}" in lines
    assert "Allow: /api/docs/" in lines
    assert f"Sitemap: {public('/sitemap.xml')}" in lines
    # The shop itself stays open.
    assert "Disallow: /" not in lines
    assert "Disallow: /boutique/" not in lines


def test_the_paths_robots_txt_names_are_the_sites():
    assert reverse("basket:summary").startswith("/boutique/basket/")
    assert reverse("checkout:index").startswith("/boutique/checkout/")
    assert reverse("customer:summary").startswith("/boutique/accounts/")
    assert reverse("dashboard:index").startswith("/boutique/dashboard/")


def test_each_section_takes_a_fixed_number_of_queries(client, home_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(name):
        with CaptureQueriesContext(connection) as captured:
            section(client, name)
        return len(captured)

    vendor = VendorFactory()
    create_artisan_product(vendor, title="Savon 0")
    create_from_breadcrumbs("Maison > Savons")
    section(client, "products")  # The current Site, cached from then on.
    few = {name: queries(name) for name in ("products", "artisans", "categories")}
    for index in range(1, 8):
        create_artisan_product(VendorFactory(), title=f"Savon {index}")
        create_from_breadcrumbs(f"Maison > Rayon {index}")

    for name, count in few.items():
        assert queries(name) == count, name
