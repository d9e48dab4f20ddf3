"""An artisan never reads or changes another artisan's products, stock, images
or imports, and only artisans get into the back office's products.

The matrix runs every URL of this part that takes an id with artisan B signed
in and artisan A's ids: B gets a 404 and A's objects are left as they were.
"""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import (
    StaffUserFactory,
    UserFactory,
    VendorFactory,
    create_artisan_product,
)
from vendors.actions import ImportStatus, get_import_job

from . import (
    SOAPS,
    categories,
    csv_upload,
    image_upload,
    sign_in,
    sign_in_artisan,
    stockrecord_of,
)

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")

pytestmark = pytest.mark.django_db

INVALID_CSV = """sku,title,price,stock
A-1,Savon de A,5,1
A-2,,5,1
"""


@pytest.fixture
def artisan_a(client):
    """Artisan A's shop: a public product with an image, an archived one, and an
    import waiting for confirmation. Returns what the matrix needs."""
    category = categories()[SOAPS]
    vendor = VendorFactory()
    product = create_artisan_product(vendor, "Savon de A", price="7.50", stock=10)
    product.categories.add(category)
    image = ProductImage.objects.create(
        product=product, original=image_upload(), display_order=0
    )
    archived = create_artisan_product(vendor, "Ancien savon de A")
    archived.is_public = False
    archived.save()
    sign_in_artisan(client, vendor)
    response = client.post(
        reverse("backoffice:product-import"), {"file": csv_upload(INVALID_CSV)}
    )
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    client.logout()
    return {
        "vendor": vendor,
        "product": product,
        "archived": archived,
        "stockrecord": stockrecord_of(product),
        "image": image,
        "job_id": job_id,
        "category": category,
    }


def snapshot(a):
    """What must not change in A's shop, whatever B posts."""
    product = Product.objects.get(pk=a["product"].pk)
    stockrecord = stockrecord_of(product)
    return {
        "title": product.title,
        "is_public": product.is_public,
        "archived_is_public": Product.objects.get(pk=a["archived"].pk).is_public,
        "price": stockrecord.price,
        "stock": stockrecord.num_in_stock,
        "sku": stockrecord.partner_sku,
        "images": list(product.images.values_list("pk", "display_order")),
        "job_status": get_import_job(a["job_id"])["status"],
        "products": Product.objects.count(),
    }


def b_posts(a):
    return {
        "title": "Volé",
        "description": "",
        "category": a["category"].pk,
        "price": "1.00",
        "stock": "0",
        "sku": "VOL",
        "is_public": "",
        f"image_{a['image'].pk}_position": "1",
        "num_in_stock": "0",
        "job": a["job_id"],
        "import_valid_rows": "on",
    }


# (URL name, the kwargs of A's object)
URLS_WITH_AN_ID = [
    ("backoffice:product-update", lambda a: {"pk": a["product"].pk}),
    ("backoffice:product-archive", lambda a: {"pk": a["product"].pk}),
    ("backoffice:product-unarchive", lambda a: {"pk": a["archived"].pk}),
    ("backoffice:product-stock", lambda a: {"pk": a["stockrecord"].pk}),
    ("backoffice:product-image-delete", lambda a: {"pk": a["image"].pk}),
    ("backoffice:product-import-status", lambda a: {"job_id": a["job_id"]}),
]
ALL_URLS = [
    ("backoffice:product-list", lambda a: {}),
    ("backoffice:product-create", lambda a: {}),
    ("backoffice:product-import", lambda a: {}),
    *URLS_WITH_AN_ID,
]


@pytest.mark.parametrize(("url_name", "kwargs"), URLS_WITH_AN_ID)
@pytest.mark.parametrize("method", ["get", "post"])
def test_artisan_gets_404_on_another_artisans_object_and_changes_nothing(
    client, artisan_a, url_name, kwargs, method, django_capture_on_commit_callbacks
):
    before = snapshot(artisan_a)
    sign_in_artisan(client, VendorFactory())
    url = reverse(url_name, kwargs=kwargs(artisan_a))

    with django_capture_on_commit_callbacks(execute=True):
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, b_posts(artisan_a))

    # a method a view does not take is refused before anything is looked up
    not_allowed = (method == "get" and url_name in POST_ONLY) or (
        method == "post" and url_name in GET_ONLY
    )
    expected = 405 if not_allowed else 404
    assert response.status_code == expected
    assert snapshot(artisan_a) == before


POST_ONLY = {
    "backoffice:product-archive",
    "backoffice:product-unarchive",
    "backoffice:product-stock",
    "backoffice:product-image-delete",
}
GET_ONLY = {"backoffice:product-import-status"}


def test_confirming_another_artisans_import_is_not_found(
    client, artisan_a, django_capture_on_commit_callbacks
):
    sign_in_artisan(client, VendorFactory())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:product-import"),
            {"job": artisan_a["job_id"], "import_valid_rows": "on"},
        )

    assert response.status_code == 404
    assert get_import_job(artisan_a["job_id"])["status"] == (
        ImportStatus.NEEDS_CONFIRMATION
    )
    assert (
        not Product.objects.filter(title="Savon de A")
        .exclude(pk=artisan_a["product"].pk)
        .exists()
    )


def test_artisan_sees_only_their_products_in_the_list_and_search(client, artisan_a):
    own = create_artisan_product(vendor := VendorFactory(), "Savon de B")
    sign_in_artisan(client, vendor)
    list_url = reverse("backoffice:product-list")
    a_sku = artisan_a["stockrecord"].partner_sku

    everything = client.get(list_url, {"status": "all"})
    a_search = client.get(list_url, {"q": a_sku, "status": "all"})

    assert list(everything.context["products"]) == [own]
    assert "Savon de A" not in everything.content.decode()
    assert list(a_search.context["products"]) == []


def test_same_sku_in_two_shops_edits_only_ones_own(client, artisan_a):
    vendor = VendorFactory()
    own = create_artisan_product(vendor, "Savon de B", price="4.00")
    own_stockrecord = stockrecord_of(own)
    own_stockrecord.partner_sku = artisan_a["stockrecord"].partner_sku
    own_stockrecord.save()
    sign_in_artisan(client, vendor)

    client.post(
        reverse("backoffice:product-stock", kwargs={"pk": own_stockrecord.pk}),
        {"num_in_stock": "99"},
    )

    own_stockrecord.refresh_from_db()
    assert own_stockrecord.num_in_stock == 99
    assert stockrecord_of(artisan_a["product"]).num_in_stock == 10
    assert stockrecord_of(artisan_a["product"]).price == D("7.50")


def account(kind):
    if kind == "staff":
        return StaffUserFactory(email="equipe@cma-paca.fr")
    if kind == "superuser":
        return StaffUserFactory(email="admin@cma-paca.fr", is_superuser=True)
    return UserFactory(email="client@example.fr")


@pytest.mark.parametrize(("url_name", "kwargs"), ALL_URLS)
@pytest.mark.parametrize("kind", ["staff", "superuser", "consumer"])
def test_staff_and_consumers_are_refused(client, artisan_a, url_name, kwargs, kind):
    before = snapshot(artisan_a)
    sign_in(client, account(kind))
    url = reverse(url_name, kwargs=kwargs(artisan_a))

    assert client.get(url).status_code == 403
    assert client.post(url, b_posts(artisan_a)).status_code == 403
    assert snapshot(artisan_a) == before


def test_staff_member_who_is_also_in_a_shop_is_refused(client, artisan_a):
    staff = StaffUserFactory(email="equipe@cma-paca.fr")
    artisan_a["vendor"].partner.users.add(staff)
    sign_in(client, staff)

    response = client.get(reverse("backoffice:product-list"))

    assert response.status_code == 403


@pytest.mark.parametrize(("url_name", "kwargs"), ALL_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, artisan_a, url_name, kwargs):
    before = snapshot(artisan_a)
    url = reverse(url_name, kwargs=kwargs(artisan_a))

    response = client.post(url, b_posts(artisan_a))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customer:login"))
    assert snapshot(artisan_a) == before
