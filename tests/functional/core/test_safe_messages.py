"""Oscar's messages tagged "safe" are shown as HTML (``alert_messages.html``);
what a user typed in them, such as a product title an artisan chose, is
escaped by the template Oscar renders each of them from."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import VendorFactory, create_artisan_product

pytestmark = pytest.mark.django_db

TITLE = 'Savon <img src=x onerror="alert(7)">'


def test_the_added_to_basket_message_escapes_the_product_title():
    product = create_artisan_product(VendorFactory(), TITLE)
    client = Client()

    response = client.post(
        reverse("basket:add", args=[product.pk]), {"quantity": 1}, follow=True
    )

    assert response.status_code == 200
    shown_as_html = [str(m) for m in response.context["messages"] if "safe" in m.tags]
    assert any(
        "Savon &lt;img src=x onerror=&quot;alert(7)&quot;&gt;" in message
        for message in shown_as_html
    )
    page = response.content.decode()
    assert "Savon &lt;img src=x onerror=&quot;alert(7)&quot;&gt;" in page
    assert "<img src=x" not in page


def test_no_message_of_ours_is_tagged_safe():
    """Only Oscar's own messages reach ``{{ message|safe }}``: ours carry
    names and titles people typed, and stay plain text, escaped."""
    tagged_safe = re.compile(r"extra_tags\s*=\s*[\"'][^\"']*\bsafe\b")
    ours = [
        path
        for package in ("shop", "vendors", "delivery", "cms", "search")
        for path in (Path(settings.BASE_DIR) / package).rglob("*.py")
    ]

    assert len(ours) > 50
    assert [str(p) for p in ours if tagged_safe.search(p.read_text())] == []
