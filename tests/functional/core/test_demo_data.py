"""The demo (``manage.py load_demo``) gives a realistic, browsable marketplace."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from oscar.core.loading import get_model
from wagtail.models import Page

from shop.apps.core.demo.loader import load_demo
from vendors.models import Vendor

Category = get_model("catalogue", "Category")
Country = get_model("address", "Country")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

DEMO_EMAILS = [
    "consommateur@demo.fr",
    "artisan@demo.fr",
    "artisan2@demo.fr",
    "logistique@demo.fr",
    "admin@demo.fr",
]
MAIN_MODELS = [
    Product,
    StockRecord,
    ProductImage,
    Partner,
    Vendor,
    User,
    Category,
    Page,
]


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module, rolled back after its last test.

    Each test's own transaction nests inside this one, so the tests see the
    demo and the rest of the suite never does.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            # Oscar caches category URLs by primary key; rolled-back rows
            # must not leave entries behind for the next module.
            cache.clear()


pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in MAIN_MODELS}


def test_demo_has_at_least_twelve_artisans_across_six_communes_and_eight_crafts():
    vendors = Vendor.objects.select_related("partner")

    assert vendors.count() >= 12
    assert Partner.objects.filter(vendor__isnull=False).count() == vendors.count()
    assert len({vendor.commune for vendor in vendors}) >= 6
    assert len({vendor.metier for vendor in vendors}) >= 8
    assert {"Salon-de-Provence", "Aubagne", "Grasse", "Biot"} <= {
        vendor.commune for vendor in vendors
    }
    assert all(vendor.description for vendor in vendors)


def test_every_demo_product_is_sold_by_one_artisan_with_a_price_and_an_image():
    products = Product.objects.prefetch_related("stockrecords__partner", "images")

    assert products.count() >= 120
    for product in products:
        [stockrecord] = product.stockrecords.all()
        assert stockrecord.partner.vendor is not None
        assert stockrecord.price_currency == "EUR"
        assert stockrecord.price > 0
        [image] = product.images.all()
        assert image.original.storage.exists(image.original.name)
        assert product.categories.exists()
    assert StockRecord.objects.filter(num_in_stock__lte=3).exists(), "some low stock"


def test_demo_ships_to_france():
    france = Country.objects.get(iso_3166_1_a2="FR")

    assert france.is_shipping_country
    assert france.printable_name == "France"


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_demo_account_signs_in_with_the_demo_password(email):
    # As the login form does: with the request (django-axes needs it).
    user = authenticate(
        RequestFactory().post("/"), username=email, password=settings.DEMO_PASSWORD
    )

    assert user is not None
    assert user.email == email
    assert user.first_name and user.last_name


def test_artisan_accounts_run_their_own_shops():
    artisan = User.objects.get(email="artisan@demo.fr")
    artisan2 = User.objects.get(email="artisan2@demo.fr")

    [shop] = artisan.partners.all()
    [shop2] = artisan2.partners.all()
    assert shop.vendor.commune == "Salon-de-Provence"
    assert shop.vendor.metier == "Savonnier"
    assert shop2.vendor.commune == "Aubagne"
    assert shop != shop2


def test_staff_rights_of_the_demo_accounts():
    admin = User.objects.get(email="admin@demo.fr")
    logistics = User.objects.get(email="logistique@demo.fr")
    consumer = User.objects.get(email="consommateur@demo.fr")

    assert admin.is_staff and admin.is_superuser
    assert not logistics.is_staff and not logistics.is_superuser
    assert logistics.groups.filter(name="Logistique").exists()
    assert not consumer.is_staff
    assert not consumer.partners.exists()


def test_loading_the_demo_again_changes_nothing():
    # given the demo already loaded (module fixture)
    before = row_counts()
    images_before = dict(ProductImage.objects.values_list("code", "original"))

    # when it is loaded a second time
    report = load_demo()

    # then no row was added and no image redrawn
    assert not report.anything_created
    assert row_counts() == before
    assert dict(ProductImage.objects.values_list("code", "original")) == images_before


def test_home_page_shows_the_demo_introduction_and_latest_products(client):
    latest = Product.objects.order_by("-date_created", "-id")[:8]

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mon artisan enchante le quotidien" in html
    assert "/boutique/catalogue/" in html
    for product in latest:
        assert product.get_absolute_url() in html


def test_demo_products_carry_approved_reviews_shown_on_their_page(client):
    ProductReview = get_model("reviews", "ProductReview")
    cube = Product.objects.get(
        title="Cube de savon de Marseille 72 % huile d'olive, 600 g"
    )

    response = client.get(cube.get_absolute_url())

    reviews = ProductReview.objects.filter(product=cube, status=ProductReview.APPROVED)
    assert reviews.count() == 2
    assert cube.rating == 4.5
    html = response.content.decode()
    assert "Le vrai savon de Marseille" in html
    assert "Très bon, un peu gros" in html


def test_demo_campaign_is_built_by_choosing_artisans_and_products(client):
    from cms.campaigns.models import CampaignPage

    campaign = CampaignPage.objects.live().get(slug="mon-artisan-enchante-le-quotidien")
    assert campaign.status() == "running"
    assert campaign.chosen_artisans.count() == 6
    assert campaign.chosen_products.count() == 6
    assert [block.block_type for block in campaign.media] == ["poster", "radio_spot"]

    response = client.get(campaign.url)
    assert response.status_code == 200
    assert len(response.context["artisans"]) == 6
    assert len(response.context["products"]) == 6
    html = response.content.decode()
    assert "<audio" in html and "Voix off" in html
    reached = {commune.name for commune, _ in response.context["landings"]}
    assert {"Aubagne", "Salon-de-Provence", "Toulon", "Marseille"} <= reached
    for _, url in response.context["landings"]:
        assert client.get(url).status_code == 200


def test_demo_has_three_portraits_linked_from_their_storefronts(client):
    from cms.campaigns.models import PortraitPage

    portraits = PortraitPage.objects.live().select_related("vendor")
    assert portraits.count() == 3
    for portrait in portraits:
        response = client.get(portrait.url)
        assert response.status_code == 200
        assert response.context["products"]
        storefront = client.get(portrait.vendor.get_absolute_url()).content.decode()
        assert f'href="{portrait.url}"' in storefront


def test_every_demo_town_has_its_territory_page(client):
    from cms.territories.links import TerritoryLinks

    links = TerritoryLinks()
    towns = set(
        Vendor.objects.approved().exclude(town=None).values_list("town_id", flat=True)
    )
    assert len(towns) >= 6
    for town_id in towns:
        url = links.url(town_id)
        assert url, town_id
        assert client.get(url, follow=True).status_code == 200, url
