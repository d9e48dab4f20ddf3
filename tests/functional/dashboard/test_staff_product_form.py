"""Chamber staff editing a product in Oscar's dashboard store its description and
rich text attributes as the shop story's sanitiser leaves them."""

import pytest
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from tests.factories import StaffUserFactory
from tests.factories.accounts import sign_in_verified

Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductClass = get_model("catalogue", "ProductClass")

pytestmark = pytest.mark.django_db

TYPED = (
    "<p>Santon <em>peint à la main</em> à Aubagne.</p>"
    "<script>alert('staff')</script>"
    '<img src="x" onerror="alert(1)">'
)
FORMSETS = (
    "category_formset",
    "image_formset",
    "recommended_formset",
    "stockrecord_formset",
)


def test_a_description_typed_by_staff_is_stored_clean(client):
    product_class = ProductClass.objects.create(name="Santons", track_stock=False)
    ProductAttribute.objects.create(
        product_class=product_class, name="Histoire", code="histoire", type="richtext"
    )
    staff = StaffUserFactory(email="chambre@example.fr", is_superuser=True)
    sign_in_verified(client, staff)
    url = reverse(
        "dashboard:catalogue-product-create",
        kwargs={"product_class_slug": product_class.slug},
    )
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "title": "Santon du berger",
        "description": TYPED,
        "attr_histoire": TYPED,
        "structure": Product.STANDALONE,
        "is_public": "on",
    }
    for name in FORMSETS:
        prefix = page.context[name].prefix
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    # A standalone product needs its category.
    categories = page.context["category_formset"].prefix
    data[f"{categories}-TOTAL_FORMS"] = "1"
    data[f"{categories}-0-category"] = create_from_breadcrumbs("Santons").pk

    response = client.post(url, data)

    assert response.status_code == 302
    product = Product.objects.get(title="Santon du berger")
    for stored in (product.description, product.attr.histoire):
        assert "<p>Santon <em>peint à la main</em> à Aubagne.</p>" in stored
        assert "<script" not in stored
        assert "alert(" not in stored
        assert "onerror" not in stored
