"""A consumer downloads all their data from their account: a zip of JSON,
theirs only."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import create_artisan_product, place_order

pytestmark = pytest.mark.django_db

EXPORT_URL = "/boutique/accounts/mes-donnees/telecharger/"


def download(client, user):
    client.force_login(user)
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: archive.read(name) for name in archive.namelist()}


def test_the_archive_holds_every_kind_of_record_of_the_person(
    client, ysaline, bertrand
):
    files = download(client, ysaline.user)
    data = {name: json.loads(content) for name, content in files.items()}

    assert data["account.json"]["email"] == "ysaline.trouvadec@example.fr"
    assert [a["line1"] for a in data["addresses.json"]] == ["14 impasse des Grillons"]
    [order] = data["orders.json"]
    placed = ysaline.orders[0]
    assert order["number"] == str(placed.number)
    assert order["total_incl_tax"] == str(placed.total_incl_tax)
    assert order["shipping_address"]["last_name"] == "Trouvadec"
    [part] = order["parts"]
    assert part["status"] == "completed"
    assert [step["step"] for step in part["steps"]][-1] == "confirm_delivery"
    assert part["lines"][0]["product"] == "Savon pour Ysaline"
    assert order["online_payments"][0]["stripe_payment"] == f"pi_{placed.number}"
    assert data["reviews.json"][0]["body"] == "Signé Trouvadec"
    assert data["wishlists.json"][0]["name"] == "Idées de Ysaline"
    assert data["baskets.json"][0]["lines"][0]["quantity"] == 2
    assert len(data["alerts.json"]) == 1
    assert (
        data["notifications.json"]["notifications"][0]["subject"] == "Bonjour Ysaline"
    )
    assert "shop/shop.json" not in files  # she runs no shop
    assert data["about.json"]["account"] == "ysaline.trouvadec@example.fr"


def test_another_accounts_data_never_appears(client, ysaline, bertrand):
    files = download(client, ysaline.user)

    everything = b" ".join(files.values()).decode()
    for word in [*bertrand.words, "Bertrand"]:
        assert word not in everything
    assert "Trouvadec" in everything
    numbers = [order["number"] for order in json.loads(files["orders.json"])]
    assert numbers == [str(ysaline.orders[0].number)]


def test_the_export_needs_a_signed_in_account(client):
    response = client.get(EXPORT_URL)

    assert response.status_code == 302
    assert reverse("customer:login") in response["Location"]


def test_the_account_area_has_a_data_page_with_the_download(client, ysaline):
    client.force_login(ysaline.user)

    with translation.override("en"):
        summary = client.get(reverse("customer:profile-view"))
        page = client.get(reverse("privacy:account-data"))

    assert reverse("privacy:account-data").encode() in summary.content
    assert page.status_code == 200
    assert b'id="data-export-link"' in page.content
    assert EXPORT_URL.encode() in page.content
    assert b"<main" in page.content


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(EXPORT_URL)
        b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_the_archive_takes_as_many_queries_for_ten_more_orders(client, shop, ysaline):
    client.force_login(ysaline.user)
    with_one_order = count_queries(client)

    for index in range(10):
        place_order(
            (create_artisan_product(shop, title=f"Savon {index}"), 1),
            user=ysaline.user,
        )

    assert count_queries(client) <= with_one_order
