"""What an artisan types with formatting (a product's description, a rich text
attribute) is stored as the shop story's sanitiser leaves it, whether typed in
the product form or read from a CSV import: formatting kept, scripts and event
handlers never reach the database."""

import csv
import io

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import VendorFactory

from . import SOAPS, categories, csv_upload, sign_in_artisan

Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductClass = get_model("catalogue", "ProductClass")

pytestmark = pytest.mark.django_db

TYPED = (
    "<p>Savon <strong>doux</strong> au lait d'ânesse.</p>"
    "<script>alert('description')</script>"
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)" onclick="alert(3)">voir</a>'
)


def assert_stored_clean(html):
    assert "<p>Savon <strong>doux</strong> au lait d'ânesse.</p>" in html
    assert "<script" not in html
    assert "alert(" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html


@pytest.fixture
def vendor():
    return VendorFactory()


def test_a_description_typed_in_the_product_form_is_stored_clean(client, vendor):
    tree = categories()
    product_class, _created = ProductClass.objects.get_or_create(
        name="Artisanat", defaults={"track_stock": True}
    )
    ProductAttribute.objects.create(
        product_class=product_class, name="Conseils", code="conseils", type="richtext"
    )
    sign_in_artisan(client, vendor)

    response = client.post(
        reverse("backoffice:product-create"),
        {
            "title": "Savon au lait d'ânesse",
            "description": TYPED,
            "attr_conseils": TYPED,
            "category": tree[SOAPS].pk,
            "price": "7.50",
            "stock": "24",
            "sku": "SAV-ANE",
            "is_public": "on",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    product = Product.objects.get()
    assert_stored_clean(product.description)
    assert_stored_clean(product.attr.conseils)


def test_a_description_read_from_a_csv_import_is_stored_clean(
    client, vendor, django_capture_on_commit_callbacks
):
    categories()
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["sku", "title", "description", "price", "stock"])
    writer.writerow(["SAV-ANE", "Savon au lait d'ânesse", TYPED, "7.50", "24"])
    sign_in_artisan(client, vendor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:product-import"),
            {"file": csv_upload(rows.getvalue())},
        )

    assert response.status_code == 302
    product = Product.objects.get(stockrecords__partner_sku="SAV-ANE")
    assert_stored_clean(product.description)
