"""Tests of the back office's products, stock, images and CSV import.

Helpers shared by this package's modules: an artisan's signed-in client, a
category tree, image uploads and CSV files.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from PIL import Image

from tests.factories import UserFactory
from tests.factories.accounts import sign_in_verified

SOAPS = "Beauté & bien-être > Savons"
CANDLES = "Maison > Bougies"


def artisan_account(vendor, email=None, **kwargs):
    """An account that runs ``vendor``'s shop."""
    user = UserFactory(email=email or f"atelier-{vendor.slug}@example.fr", **kwargs)
    vendor.partner.users.add(user)
    return user


def sign_in(client, user):
    """Sign ``user`` in, with pages in English (the strings the code is written in)."""
    sign_in_verified(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sign_in_artisan(client, vendor):
    sign_in(client, artisan_account(vendor))
    return client


def categories():
    """The soaps and candles categories (and their parents), by breadcrumb."""
    return {path: create_from_breadcrumbs(path) for path in (SOAPS, CANDLES)}


def image_upload(name="savon.png", size=(40, 30), image_format="PNG", color="purple"):
    """An uploaded image file holding a real, small picture."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    content_type = f"image/{image_format.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def csv_upload(text, name="produits.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def stockrecord_of(product):
    return product.stockrecords.get()
