"""The artisan's API: one shop's products, stock, orders, payouts and
invoices, for a token of that shop, with the scopes it holds.

The isolation matrix: a token of artisan A never reads or changes artisan B's
products, stock, orders (nor their customers), payouts or invoices (404 for
B's ids, nothing changes); a read token cannot write (403); a revoked or
expired token, or one whose owner left the shop, is refused (401).
"""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image
from rest_framework.test import APIClient

from shop.apps.api.models import SCOPES_OF_KIND, PersonalAccessToken, Scope, TokenKind
from tests.factories import UserFactory, create_artisan_product
from tests.factories.api import assert_matches_schema
from tests.factories.invoicing import artisan, customer, paid_online
from tests.factories.orders import artisan_account, bring_to
from vendors.fetch import part_history
from vendors.invoicing.models import Invoice
from vendors.models import ActorRole, PartAction, VendorOrderStatus

StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

pytestmark = pytest.mark.django_db

API = "/api/v1/artisan/"
ALL_SCOPES = sorted(SCOPES_OF_KIND[TokenKind.ARTISAN])
PROBLEM = "application/problem+json"


def token_for(vendor, scopes=ALL_SCOPES, user=None, **kwargs):
    """A client calling with a new token of ``vendor``'s shop."""
    user = user or artisan_account(vendor)
    _token, secret = PersonalAccessToken.issue(
        user, TokenKind.ARTISAN, "Ma caisse", scopes, vendor=vendor, **kwargs
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.fixture
def shops():
    """Two artisans, each with a product and a part of one order paid online
    (so each has an invoice)."""
    first, second = artisan(name="Savonnerie Marius"), artisan(name="Poterie Audibert")
    soap = create_artisan_product(first, "Savon", price="7.50", stock=20)
    bowl = create_artisan_product(second, "Bol", price="24.00", stock=5)
    order = paid_online((soap, 2), (bowl, 1), user=customer())
    return {
        "a": first,
        "b": second,
        "soap": soap,
        "bowl": bowl,
        "part_a": order.vendor_orders.get(vendor=first),
        "part_b": order.vendor_orders.get(vendor=second),
    }


@pytest.fixture
def api(shops):
    return token_for(shops["a"])


def rows(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


# Isolation
# ------------------------------------------------------------------------------


def test_a_token_lists_only_its_own_shops_products(api, shops):
    listed = rows(api.get(f"{API}products/"))

    assert [product["id"] for product in listed] == [shops["soap"].pk]
    assert listed[0]["price"] == "7.50"
    assert listed[0]["stock"]["num_in_stock"] == 20


def test_another_shops_product_and_stock_are_not_found_and_unchanged(api, shops):
    bowl = shops["bowl"]

    for url in (f"{API}products/{bowl.pk}/", f"{API}products/{bowl.pk}/stock/"):
        response = api.get(url)
        assert response.status_code == 404
        assert response["Content-Type"].startswith(PROBLEM)
    assert (
        api.patch(
            f"{API}products/{bowl.pk}/", {"title": "Volé"}, format="json"
        ).status_code
        == 404
    )
    assert (
        api.patch(
            f"{API}products/{bowl.pk}/stock/", {"num_in_stock": 0}, format="json"
        ).status_code
        == 404
    )

    bowl.refresh_from_db()
    assert bowl.title == "Bol"
    assert bowl.stockrecords.get().num_in_stock == 5


def test_a_token_reads_only_its_own_orders_and_customers(api, shops):
    listed = rows(api.get(f"{API}orders/"))

    assert [part["number"] for part in listed] == [shops["part_a"].number]
    assert [line["title"] for line in listed[0]["lines"]] == ["Savon"]
    assert listed[0]["customer"]["email"] == shops["part_a"].order.email
    assert api.get(f"{API}orders/{shops['part_b'].number}/").status_code == 404


def test_a_step_on_another_shops_order_is_not_found_and_changes_nothing(api, shops):
    part_b = shops["part_b"]

    response = api.post(
        f"{API}orders/{part_b.number}/steps/", {"action": "accept"}, format="json"
    )

    assert response.status_code == 404
    part_b.refresh_from_db()
    assert part_b.status == VendorOrderStatus.NEW
    assert not part_b.events.filter(action=PartAction.ACCEPT).exists()


def test_a_token_reads_only_its_own_invoices_and_their_pdf(api, shops):
    own = Invoice.objects.get(vendor_order=shops["part_a"])
    other = Invoice.objects.get(vendor_order=shops["part_b"])

    listed = rows(api.get(f"{API}invoices/"))
    assert [invoice["number"] for invoice in listed] == [own.number]
    assert listed[0]["total_incl_tax"] == f"{own.total_incl_tax:.2f}"

    download = api.get(f"{API}invoices/{own.pk}/pdf/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    assert api.get(f"{API}invoices/{other.pk}/").status_code == 404
    assert api.get(f"{API}invoices/{other.pk}/pdf/").status_code == 404


def test_a_token_reads_only_its_own_payouts(api, shops):
    bring_to(shops["part_a"], VendorOrderStatus.COMPLETED)
    bring_to(shops["part_b"], VendorOrderStatus.COMPLETED)

    listed = rows(api.get(f"{API}payouts/"))

    assert [row["vendor_order"] for row in listed] == [shops["part_a"].number]
    assert listed[0]["net"] == f"{shops['part_a'].net_amount:.2f}"


# Scopes and tokens
# ------------------------------------------------------------------------------


def test_a_read_token_cannot_write(shops):
    reader = token_for(shops["a"], scopes=[Scope.CATALOGUE_READ, Scope.ORDERS_READ])
    soap = shops["soap"]

    assert reader.get(f"{API}products/{soap.pk}/").status_code == 200
    refused = reader.patch(
        f"{API}products/{soap.pk}/stock/", {"num_in_stock": 3}, format="json"
    )
    assert refused.status_code == 403
    assert refused["Content-Type"].startswith(PROBLEM)
    assert refused.json()["status"] == 403
    step = reader.post(
        f"{API}orders/{shops['part_a'].number}/steps/",
        {"action": "accept"},
        format="json",
    )
    assert step.status_code == 403
    assert soap.stockrecords.get().num_in_stock == 20
    shops["part_a"].refresh_from_db()
    assert shops["part_a"].status == VendorOrderStatus.NEW


def test_a_token_without_a_scope_cannot_read_that_area(shops):
    catalogue_only = token_for(shops["a"], scopes=[Scope.CATALOGUE_READ])

    for area in ("orders/", "payouts/", "invoices/"):
        assert catalogue_only.get(f"{API}{area}").status_code == 403


def test_another_kind_of_token_is_refused(shops):
    user = artisan_account(shops["a"])
    _token, secret = PersonalAccessToken.issue(
        user, TokenKind.CONSUMER, "Mon compte", [Scope.CONSUMER]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert client.get(f"{API}products/").status_code == 403


def test_a_revoked_or_expired_token_is_refused(shops):
    user = artisan_account(shops["a"])
    revoked, secret = PersonalAccessToken.issue(
        user, TokenKind.ARTISAN, "Ancienne", ALL_SCOPES, vendor=shops["a"]
    )
    revoked.revoke()
    _expired, expired_secret = PersonalAccessToken.issue(
        user,
        TokenKind.ARTISAN,
        "Expirée",
        ALL_SCOPES,
        vendor=shops["a"],
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    for key in (secret, expired_secret, "apt_unknown"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        response = client.get(f"{API}products/")
        assert response.status_code == 401
        assert response["Content-Type"].startswith(PROBLEM)


def test_no_token_is_refused(shops):
    assert APIClient().get(f"{API}products/").status_code in (401, 403)


def test_a_team_member_removed_from_the_shop_loses_the_api(shops):
    member = UserFactory()
    shops["a"].partner.users.add(member)
    client = token_for(shops["a"], user=member)
    assert client.get(f"{API}products/").status_code == 200

    shops["a"].partner.users.remove(member)

    assert client.get(f"{API}products/").status_code == 401


def test_the_secret_is_stored_hashed(shops):
    user = artisan_account(shops["a"])
    token, secret = PersonalAccessToken.issue(
        user, TokenKind.ARTISAN, "Caisse", ALL_SCOPES, vendor=shops["a"]
    )
    stored = PersonalAccessToken.objects.filter(pk=token.pk).values().get()

    assert secret not in [str(value) for value in stored.values()]
    assert stored["key_hash"] != secret
    assert secret.startswith(stored["key_start"])


# Products and stock
# ------------------------------------------------------------------------------


def test_stock_set_through_the_api_shows_in_the_back_office(api, shops, client):
    soap = shops["soap"]

    response = api.patch(
        f"{API}products/{soap.pk}/stock/", {"num_in_stock": 42}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["num_in_stock"] == 42
    client.force_login(artisan_account(shops["a"]))
    page = client.get("/espace-artisan/produits/")
    listed = page.context["products"]
    assert [p.vendor_stockrecords[0].num_in_stock for p in listed] == [42]


def test_the_stock_cannot_go_below_what_orders_reserved(api, shops):
    soap = shops["soap"]
    reserved = soap.stockrecords.get().num_allocated
    assert reserved == 2

    response = api.patch(
        f"{API}products/{soap.pk}/stock/", {"num_in_stock": 1}, format="json"
    )

    assert response.status_code == 409
    assert response["Content-Type"].startswith(PROBLEM)
    assert "reserved" in response.json()["detail"]
    assert soap.stockrecords.get().num_in_stock == 20


def test_a_negative_stock_is_refused_with_the_fields_error(api, shops):
    response = api.patch(
        f"{API}products/{shops['soap'].pk}/stock/", {"num_in_stock": -1}, format="json"
    )

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["num_in_stock"]


def test_a_product_is_created_with_its_description_sanitised(api, shops):
    category = Category.add_root(name="Savons")

    response = api.post(
        f"{API}products/",
        {
            "title": "Savon au miel",
            "description": '<p>Doux</p><script>alert("x")</script>',
            "category": category.pk,
            "price": "8.90",
            "stock": 12,
            "sku": "MIEL-1",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["price"] == "8.90"
    assert body["sku"] == "MIEL-1"
    assert body["stock"]["num_in_stock"] == 12
    assert body["category"] == category.pk
    product = Product.objects.get(pk=body["id"])
    assert "<script" not in product.description
    assert "Doux" in product.description
    assert product.stockrecords.get().partner_id == shops["a"].partner_id


def test_a_patch_changes_only_the_fields_given(api, shops):
    soap = shops["soap"]
    soap.categories.add(Category.add_root(name="Savons"))

    response = api.patch(f"{API}products/{soap.pk}/", {"price": "9.20"}, format="json")

    assert response.status_code == 200, response.content
    record = soap.stockrecords.get()
    assert record.price == D("9.20")
    assert record.num_in_stock == 20
    soap.refresh_from_db()
    assert soap.title == "Savon"


def test_a_product_with_a_sku_already_used_is_refused(api, shops):
    soap = shops["soap"]
    soap.categories.add(Category.add_root(name="Savons"))
    taken = soap.stockrecords.get().partner_sku
    other = create_artisan_product(shops["a"], "Savon 2", price="5.00")
    other.categories.add(Category.objects.get(name="Savons"))

    response = api.patch(f"{API}products/{other.pk}/", {"sku": taken}, format="json")

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["sku"]


# Orders and their steps
# ------------------------------------------------------------------------------


def test_a_step_through_the_api_shows_in_the_parts_timeline(api, shops):
    part = shops["part_a"]

    response = api.post(
        f"{API}orders/{part.number}/steps/", {"action": "accept"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["status"] == VendorOrderStatus.ACCEPTED
    part.refresh_from_db()
    assert part.status == VendorOrderStatus.ACCEPTED
    last = part_history(part)[-1]
    assert (last.action, last.role) == (PartAction.ACCEPT, ActorRole.ARTISAN)
    assert last.user == artisan_account(shops["a"])
    detail = api.get(f"{API}orders/{part.number}/").json()
    assert detail["events"][-1]["action"] == "accept"


def test_a_refused_step_answers_409_with_the_conductors_message(api, shops):
    part = shops["part_a"]

    response = api.post(
        f"{API}orders/{part.number}/steps/", {"action": "ship"}, format="json"
    )

    assert response.status_code == 409
    assert response["Content-Type"].startswith(PROBLEM)
    assert "not possible now" in response.json()["detail"]
    part.refresh_from_db()
    assert part.status == VendorOrderStatus.NEW


def test_refusing_needs_a_reason(api, shops):
    part = shops["part_a"]

    response = api.post(
        f"{API}orders/{part.number}/steps/", {"action": "refuse"}, format="json"
    )

    assert response.status_code == 409
    assert "reason" in response.json()["detail"]
    part.refresh_from_db()
    assert part.status == VendorOrderStatus.NEW


def test_shipping_through_the_api_records_the_tracking_number(api, shops):
    part = shops["part_a"]
    bring_to(part, VendorOrderStatus.IN_PREPARATION)

    response = api.post(
        f"{API}orders/{part.number}/steps/",
        {"action": "ship", "carrier": "Colissimo", "tracking_number": "6A123"},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["carrier"], body["tracking_number"]) == (
        VendorOrderStatus.SHIPPED,
        "Colissimo",
        "6A123",
    )


def test_an_unknown_step_is_a_validation_error(api, shops):
    response = api.post(
        f"{API}orders/{shops['part_a'].number}/steps/",
        {"action": "teleport"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "action"


# Query counts
# ------------------------------------------------------------------------------


def test_the_product_and_order_lists_take_a_fixed_number_of_queries(api, shops):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        return len(queries)

    count(f"{API}products/")  # the token's first use records it
    few_products, few_orders = count(f"{API}products/"), count(f"{API}orders/")
    for n in range(6):
        product = create_artisan_product(shops["a"], f"Savon {n}", price="3.00")
        paid_online((product, 1), user=customer())

    assert count(f"{API}products/") == few_products
    assert count(f"{API}orders/") == few_orders


# The schema
# ------------------------------------------------------------------------------


def test_the_answers_match_the_published_schema(api, shops):
    soap, part = shops["soap"], shops["part_a"]
    invoice = Invoice.objects.get(vendor_order=part)
    calls = [
        ("GET", "products/", f"{API}products/"),
        ("GET", "products/{id}/", f"{API}products/{soap.pk}/"),
        ("GET", "products/{id}/stock/", f"{API}products/{soap.pk}/stock/"),
        ("GET", "orders/", f"{API}orders/"),
        ("GET", "orders/{number}/", f"{API}orders/{part.number}/"),
        ("GET", "payouts/", f"{API}payouts/"),
        ("GET", "invoices/", f"{API}invoices/"),
        ("GET", "invoices/{id}/", f"{API}invoices/{invoice.pk}/"),
        ("GET", "credit-notes/", f"{API}credit-notes/"),
    ]
    for method, path, url in calls:
        response = api.get(url)
        assert response.status_code == 200, (url, response.content)
        assert_matches_schema(response, f"{API}{path}", method)

    stock = api.patch(
        f"{API}products/{soap.pk}/stock/", {"num_in_stock": 30}, format="json"
    )
    assert_matches_schema(stock, f"{API}products/{{id}}/stock/", "PATCH")
    stepped = api.post(
        f"{API}orders/{part.number}/steps/", {"action": "accept"}, format="json"
    )
    assert stepped.status_code == 201
    assert_matches_schema(stepped, f"{API}orders/{{number}}/steps/", "POST")
    refused = api.post(
        f"{API}orders/{part.number}/steps/", {"action": "accept"}, format="json"
    )
    assert refused.status_code == 409
    assert_matches_schema(refused, f"{API}orders/{{number}}/steps/", "POST")


def test_reads_carry_an_etag(api, shops):
    first = api.get(f"{API}products/")

    again = api.get(f"{API}products/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"].startswith("W/")
    assert again.status_code == 304


# Images
# ------------------------------------------------------------------------------


def png(name="savon.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "purple").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_images_are_added_to_a_product(api, shops):
    soap = shops["soap"]

    response = api.post(
        f"{API}products/{soap.pk}/images/",
        {"images": [png("un.png"), png("deux.png")]},
        format="multipart",
    )

    assert response.status_code == 201, response.content
    assert [image["position"] for image in response.json()["images"]] == [0, 1]
    assert soap.images.count() == 2


def test_a_file_that_is_not_an_image_is_refused(api, shops):
    soap = shops["soap"]
    fake = SimpleUploadedFile("faux.png", b"not an image", content_type="image/png")

    response = api.post(
        f"{API}products/{soap.pk}/images/", {"images": [fake]}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "images"
    assert soap.images.count() == 0


def test_no_image_is_added_to_another_shops_product(api, shops):
    bowl = shops["bowl"]

    response = api.post(
        f"{API}products/{bowl.pk}/images/", {"images": [png()]}, format="multipart"
    )

    assert response.status_code == 404
    assert bowl.images.count() == 0
