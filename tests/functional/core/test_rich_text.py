"""What artisans write with formatting (product descriptions, shop stories)
reaches the page through the story's sanitiser: formatting kept, scripts and
event handlers gone, even when stored as typed."""

import pytest
from django.test import Client
from oscar.core.loading import get_model

from tests.factories import VendorFactory, create_artisan_product
from vendors.models import Vendor

ProductAttribute = get_model("catalogue", "ProductAttribute")

pytestmark = pytest.mark.django_db

TYPED = (
    "<p>Savon <strong>doux</strong> au lait d'ânesse.</p>"
    "<script>alert('description')</script>"
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">voir</a>'
)


def assert_harmless(page):
    assert "<strong>doux</strong>" in page
    assert "alert('description')" not in page
    assert "onerror" not in page
    assert "javascript:alert" not in page


def test_a_product_description_is_shown_formatted_and_harmless():
    product = create_artisan_product(VendorFactory(), "Savon au lait d'ânesse")
    product.description = TYPED
    product.save()

    response = Client().get(product.get_absolute_url())

    assert response.status_code == 200
    assert_harmless(response.content.decode())


def test_a_shop_story_stored_as_typed_is_shown_harmless():
    vendor = VendorFactory()
    create_artisan_product(vendor)
    # Written past the model's own cleaning, as an older row or an import might.
    Vendor.objects.filter(pk=vendor.pk).update(story=TYPED)

    response = Client().get(vendor.get_absolute_url())

    assert response.status_code == 200
    assert_harmless(response.content.decode())


def test_a_rich_text_attribute_stored_as_typed_is_shown_harmless():
    product = create_artisan_product(VendorFactory(), "Savon au lait d'ânesse")
    ProductAttribute.objects.create(
        product_class=product.get_product_class(),
        name="Conseils",
        code="conseils",
        type="richtext",
    )
    # Written past the forms' cleaning, as an older row might be.
    product.attr.conseils = TYPED
    product.attr.save()

    response = Client().get(product.get_absolute_url())

    assert response.status_code == 200
    assert_harmless(response.content.decode())
