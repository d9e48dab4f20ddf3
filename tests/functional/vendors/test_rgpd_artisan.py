"""An artisan downloads their data and their shop's from the back office, and
deletes their account once the shop's orders under way are closed."""

import io
import json
import zipfile

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    VendorFactory,
    create_artisan_product,
    place_order,
)
from tests.factories.orders import artisan_account, bring_to
from tests.factories.privacy import customer_with_history
from vendors.models import VendorOrder, VendorOrderStatus, VendorStatus

ProductImage = get_model("catalogue", "ProductImage")
User = get_user_model()

pytestmark = pytest.mark.django_db

EXPORT_URL = "/boutique/accounts/mes-donnees/telecharger/"
DELETE_URL = "/boutique/accounts/profile/delete/"


def png_bytes(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def savonnerie():
    vendor = VendorFactory(
        partner__name="Savonnerie du Vallon", email="contact@savonnerie.fr"
    )
    vendor.logo.save("logo-vallon.png", ContentFile(png_bytes("green")))
    return vendor


@pytest.fixture
def santonnier():
    return VendorFactory(partner__name="Santons Fabre")


@pytest.fixture
def artisan(savonnerie):
    return artisan_account(savonnerie)


def download(client, user):
    client.force_login(user)
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_artisans_archive_holds_their_shop_and_only_theirs(
    client, savonnerie, santonnier, artisan
):
    soap = create_artisan_product(savonnerie, title="Savon au miel")
    ProductImage.objects.create(
        product=soap,
        original=ContentFile(png_bytes("yellow"), name="savon-miel.png"),
        display_order=0,
    )
    create_artisan_product(santonnier, title="Santon du berger")
    ysaline = customer_with_history(
        "Ysaline", "Trouvadec", "14 impasse des Grillons", savonnerie, "+33612345678"
    )
    customer_with_history(
        "Bertrand", "Zolavien", "3 chemin des Cigales", santonnier, "+33698765432"
    )

    archive = download(client, artisan)
    names = archive.namelist()
    shop = json.loads(archive.read("shop/shop.json"))
    products = json.loads(archive.read("shop/products.json"))
    orders = json.loads(archive.read("shop/orders.json"))
    payouts = json.loads(archive.read("shop/payouts.json"))

    assert shop["name"] == "Savonnerie du Vallon"
    assert [member["email"] for member in shop["team"]] == [artisan.email]
    assert sorted(product["title"] for product in products) == [
        "Savon au miel",
        "Savon pour Ysaline",
    ]
    [order] = orders
    assert order["order"] == str(ysaline.orders[0].number)
    assert order["customer"]["name"] == "Ysaline Trouvadec"
    assert order["customer"]["delivery_address"]["line1"] == "14 impasse des Grillons"
    assert [row["part"] for row in payouts["rows"]] == [order["number"]]
    # The files the shop uploaded, as they are.
    logo = next(name for name in names if name.startswith("files/shop/logo-"))
    assert archive.read(logo) == savonnerie.logo.open("rb").read()
    [image] = [name for name in names if name.startswith("files/products/")]
    assert image.startswith(f"files/products/{soap.pk}/")
    # Nothing of the other shop, its products or its customers.
    everything = b" ".join(archive.read(name) for name in names).decode(errors="ignore")
    for word in ("Santons Fabre", "Santon du berger", "Zolavien", "Cigales"):
        assert word not in everything


def test_the_back_office_links_to_the_export(client, savonnerie, artisan):
    client.force_login(artisan)

    with translation.override("en"):
        overview = client.get(reverse("backoffice:overview"))
        page = client.get(reverse("privacy:shop-data"))

    assert reverse("privacy:shop-data").encode() in overview.content
    assert page.status_code == 200
    assert EXPORT_URL.encode() in page.content


def test_a_consumer_has_no_back_office_data_page(client):
    client.force_login(UserFactory())

    assert client.get(reverse("privacy:shop-data")).status_code == 403


def test_the_last_artisan_of_a_shop_with_open_orders_cannot_delete(
    client, savonnerie, artisan
):
    order = place_order((create_artisan_product(savonnerie), 1), user=UserFactory())
    client.force_login(artisan)

    # In English, as someone who chose it with the language switch.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD}, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert any("has orders under way" in message for message in messages)
    assert User.objects.filter(pk=artisan.pk).exists()
    savonnerie.refresh_from_db()
    assert savonnerie.status == VendorStatus.APPROVED
    assert list(savonnerie.partner.users.all()) == [artisan]
    assert order.vendor_orders.get().status == VendorOrderStatus.NEW


def test_once_closed_the_shop_is_closed_and_its_records_stay(
    client, savonnerie, artisan
):
    artisan.email = "contact@savonnerie.fr"
    artisan.save()
    order = place_order((create_artisan_product(savonnerie), 1), user=UserFactory())
    part = bring_to(order.vendor_orders.get(), VendorOrderStatus.COMPLETED)
    client.force_login(artisan)

    client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    assert not User.objects.filter(pk=artisan.pk).exists()
    savonnerie.refresh_from_db()
    assert savonnerie.status == VendorStatus.CLOSED
    assert savonnerie.email == ""
    kept = VendorOrder.objects.get(pk=part.pk)
    assert (kept.total_incl_tax, kept.net_amount, kept.status) == (
        part.total_incl_tax,
        part.net_amount,
        VendorOrderStatus.COMPLETED,
    )
    # Who took its steps is no longer known; what was done stays.
    assert kept.events.filter(user__isnull=False).count() == 0
    assert kept.events.count() == part.events.count()


def test_an_artisan_with_a_teammate_leaves_the_team_and_the_shop_goes_on(
    client, savonnerie, artisan
):
    teammate = UserFactory()
    savonnerie.partner.users.add(teammate)
    place_order((create_artisan_product(savonnerie), 1), user=UserFactory())
    client.force_login(artisan)

    client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    assert not User.objects.filter(pk=artisan.pk).exists()
    savonnerie.refresh_from_db()
    assert savonnerie.status == VendorStatus.APPROVED
    assert list(savonnerie.partner.users.all()) == [teammate]


def test_the_shops_archive_takes_as_many_queries_for_ten_more_orders(
    client, savonnerie, artisan
):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(EXPORT_URL)
            b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(queries)

    soap = create_artisan_product(savonnerie, title="Savon au miel", stock=100)
    place_order((soap, 1), user=UserFactory())
    client.force_login(artisan)
    with_one_order = count_queries()

    for index in range(10):
        product = create_artisan_product(savonnerie, title=f"Savon {index}")
        place_order((product, 1), (soap, 1), user=UserFactory())

    assert count_queries() <= with_one_order
