"""A page number that is no page of a list (huge, negative, zero, not a number,
past the last page) answers 404 on every paginated list: the catalogue, a
category, search results, the directory, an e-boutique, the artisan's back
office and the staff dashboard; Oscar's staff product table (django-tables2)
shows its first or last page instead. Never a server error."""

import pytest
from django.test import Client
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from tests.factories import (
    StaffUserFactory,
    UserFactory,
    VendorFactory,
    create_artisan_product,
)
from tests.factories.accounts import sign_in_verified

pytestmark = pytest.mark.django_db

NOT_PAGES = (
    "99999999999999999999999",
    "9223372036854775808",
    "abc",
    "-1",
    "0",
    "1.5",
    "²",
    "2",  # past the last page: the lists below hold a single page
)


@pytest.fixture
def shop():
    vendor = VendorFactory(partner__name="Savonnerie Marius Roux")
    product = create_artisan_product(vendor, "Savon à la lavande")
    category = create_from_breadcrumbs("Beauté > Savons")
    product.categories.add(category)
    return vendor, category


def anonymous(vendor):
    return Client()


def artisan(vendor):
    client = Client()
    user = UserFactory(email="atelier@example.fr")
    vendor.partner.users.add(user)
    client.force_login(user)
    return client


def staff(vendor):
    client = Client()
    sign_in_verified(
        client, StaffUserFactory(email="chambre@example.fr", is_superuser=True)
    )
    return client


LISTS = {
    "catalogue": (anonymous, lambda vendor, category: reverse("catalogue:index")),
    "category": (anonymous, lambda vendor, category: category.get_absolute_url()),
    "search": (anonymous, lambda vendor, category: reverse("search:search")),
    "directory": (anonymous, lambda vendor, category: reverse("vendors:directory")),
    "storefront": (anonymous, lambda vendor, category: vendor.get_absolute_url()),
    "back office products": (
        artisan,
        lambda vendor, category: reverse("backoffice:product-list"),
    ),
    "back office orders": (
        artisan,
        lambda vendor, category: reverse("backoffice:order-list"),
    ),
    "staff applications": (
        staff,
        lambda vendor, category: reverse("vendors-dashboard:application-list"),
    ),
    "staff shops": (
        staff,
        lambda vendor, category: reverse("vendors-dashboard:vendor-list"),
    ),
    "staff orders": (staff, lambda vendor, category: reverse("dashboard:order-list")),
}


@pytest.mark.parametrize("name", LISTS)
def test_a_page_number_that_is_no_page_answers_404(shop, name):
    vendor, category = shop
    make_client, make_url = LISTS[name]
    client = make_client(vendor)
    url = make_url(vendor, category)
    # the list itself is there, on its first page
    query = {"q": "savon"} if name == "search" else {}
    assert client.get(url, query).status_code == 200

    for page in NOT_PAGES:
        response = client.get(url, {**query, "page": page})

        assert response.status_code == 404, (page, response.status_code)


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("99999999999999999999999", 2),
        ("9223372036854775808", 2),
        ("3", 2),
        ("abc", 1),
        ("1.5", 1),
        ("²", 1),
    ],
)
def test_the_staff_product_table_shows_its_first_or_last_page_instead(
    shop, settings, page, shown
):
    # two products, one a page: two pages
    vendor, _category = shop
    create_artisan_product(vendor, "Savon au miel")
    settings.OSCAR_DASHBOARD_ITEMS_PER_PAGE = 1
    client = staff(vendor)

    response = client.get(reverse("dashboard:catalogue-product-list"), {"page": page})

    assert response.status_code == 200
    assert response.context["products"].page.number == shown
