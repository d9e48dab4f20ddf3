"""Uploaded images are named by us, refused when too large, and thumbnailed by
a task; CSV imports are kept out of the public media."""

import io
import os
import re
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

import shop.apps.core.tasks as core_tasks
from shop.apps.core.tasks import generate_product_thumbnails_task
from tests.factories import VendorFactory, create_artisan_product
from vendors.models import Vendor

from . import SOAPS, categories, csv_upload, image_upload, sign_in_artisan

Category = get_model("catalogue", "Category")
ProductImage = get_model("catalogue", "ProductImage")

pytestmark = pytest.mark.django_db

RANDOM_NAME = r"[0-9a-f]{32}"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def polyglot_jpeg(name="poly.html"):
    """A real JPEG with an HTML page appended, sent as an HTML file."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "olive").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue() + HTML, content_type="text/html")


def png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data))
    )


def huge_png(width=9000, height=9000, name="immense.png"):
    """A real, black, 1-bit PNG of ``width`` × ``height`` pixels that weighs
    a few kilobytes: decoding it would take ``width * height`` bytes."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    pixels = zlib.compress(row * height, 9)
    content = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, content, content_type="image/png")


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


def thumbnail_files():
    return {path for path in media_files() if "cache" in path.parts}


def product_form_data(category, **overrides):
    return {
        "title": "Savon au miel",
        "description": "Saponifié à froid.",
        "category": category.pk,
        "price": "6.90",
        "stock": "12",
        "sku": "SAV-MIEL",
        "is_public": "on",
        **overrides,
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A media folder of this test's own, so that files can be counted."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture
def thumbnails_queued(monkeypatch):
    """Product ids whose thumbnails were queued; the queue is the boundary here
    (the task runs for real in the tests that call it)."""
    queued = []
    monkeypatch.setattr(
        core_tasks.generate_product_thumbnails_task, "delay", queued.append
    )
    return queued


# NAMES
# ------------------------------------------------------------------------------


def test_an_html_polyglot_uploaded_as_product_image_is_stored_as_a_jpeg(
    client, vendor, thumbnails_queued
):
    sign_in_artisan(client, vendor)
    tree = categories()

    response = client.post(
        reverse("backoffice:product-create"),
        {**product_form_data(tree[SOAPS]), "new_images": [polyglot_jpeg()]},
    )

    assert response.status_code == 302, response.context["form"].errors
    image = ProductImage.objects.get()
    # the name and extension are ours, from the decoded format, in Oscar's folder
    assert re.fullmatch(
        rf"images/products/\d{{4}}/\d{{2}}/{RANDOM_NAME}\.jpg", image.original.name
    ), image.original.name
    assert "poly" not in image.original.name
    with image.original.open("rb") as stored:
        assert stored.read().endswith(HTML)


def test_the_extension_follows_the_content_not_the_name_sent(
    client, vendor, thumbnails_queued
):
    sign_in_artisan(client, vendor)
    tree = categories()

    client.post(
        reverse("backoffice:product-create"),
        {
            **product_form_data(tree[SOAPS]),
            "new_images": [image_upload("photo.jpg", image_format="PNG")],
        },
    )

    assert ProductImage.objects.get().original.name.endswith(".png")


def test_two_uploads_with_one_name_get_two_names(vendor, thumbnails_queued):
    product = create_artisan_product(vendor)

    first, second = (
        ProductImage.objects.create(
            product=product, original=image_upload("savon.png"), display_order=n
        )
        for n in range(2)
    )

    assert first.original.name != second.original.name
    for image in (first, second):
        assert re.fullmatch(rf".*/{RANDOM_NAME}\.png", image.original.name)


def test_images_saved_through_oscars_models_are_named_by_us_too():
    # as the staff dashboard saves a category image
    category = Category.add_root(name="Verrerie", image=polyglot_jpeg("verre.svg"))

    assert re.fullmatch(rf"categories/{RANDOM_NAME}\.jpg", category.image.name)


def test_shop_logo_and_banner_are_stored_under_our_names(vendor):
    vendor.logo = polyglot_jpeg("logo.html")
    vendor.banner = image_upload("banniere.webp", image_format="PNG")
    vendor.save()

    vendor.refresh_from_db()
    assert re.fullmatch(rf"vendors/logos/{RANDOM_NAME}\.jpg", vendor.logo.name)
    assert re.fullmatch(rf"vendors/banners/{RANDOM_NAME}\.png", vendor.banner.name)


# PIXELS
# ------------------------------------------------------------------------------


def test_an_image_of_too_many_pixels_is_refused_before_decoding_and_stores_nothing(
    client, vendor, thumbnails_queued
):
    sign_in_artisan(client, vendor)
    tree = categories()
    files_before = media_files()
    upload = huge_png()
    assert upload.size < 100 * 1024

    started = time.monotonic()
    response = client.post(
        reverse("backoffice:product-create"),
        {**product_form_data(tree[SOAPS]), "new_images": [upload]},
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert response.context["form"].errors["new_images"] == [
        "immense.png: This image is too large: at most 25 million pixels "
        "(for instance 5000 × 5000)."
    ]
    assert not ProductImage.objects.exists()
    assert media_files() == files_before
    assert thumbnails_queued == []
    # Decoding 81 million pixels takes seconds; reading a header does not.
    assert elapsed < 2, elapsed


def test_the_pixel_limit_is_a_setting(client, vendor, settings, thumbnails_queued):
    settings.MAX_IMAGE_PIXELS = 1000
    sign_in_artisan(client, vendor)
    tree = categories()

    response = client.post(
        reverse("backoffice:product-create"),
        {
            **product_form_data(tree[SOAPS]),
            "new_images": [image_upload("grand.png", size=(40, 30))],
        },
    )

    assert "new_images" in response.context["form"].errors
    assert not ProductImage.objects.exists()


def test_a_logo_of_too_many_pixels_gets_a_clear_error():
    field = Vendor._meta.get_field("logo").formfield()

    with translation.override("en"):
        with pytest.raises(Exception) as refused:
            field.clean(huge_png(), None)

    assert refused.value.messages == [
        "This image is too large: at most 25 million pixels (for instance 5000 × 5000)."
    ]


def test_pillow_refuses_images_above_the_limit_everywhere(tmp_path):
    # 30 million pixels: above our limit, below twice it, where Pillow would
    # otherwise only warn. In a process of its own: pytest sets aside the
    # warning filters of Django's start-up during a test.
    path = tmp_path / "grand.png"
    path.write_bytes(huge_png(6000, 5000).read())
    opened = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, django; django.setup(); from PIL import Image; "
            "Image.open(sys.argv[1])",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "shop.settings.test"},
        cwd=settings.BASE_DIR,
    )

    assert opened.returncode != 0
    assert "DecompressionBombWarning" in opened.stderr, opened.stderr
    assert Image.MAX_IMAGE_PIXELS == settings.MAX_IMAGE_PIXELS


# THUMBNAILS
# ------------------------------------------------------------------------------


def test_a_product_page_never_resizes_it_shows_the_original_and_queues_the_task(
    client, vendor, thumbnails_queued
):
    product = create_artisan_product(vendor)
    image = ProductImage.objects.create(
        product=product, original=image_upload(size=(900, 700)), display_order=0
    )

    response = client.get(product.get_absolute_url())

    assert response.status_code == 200
    assert thumbnail_files() == set()
    assert image.original.url in response.content.decode()
    assert thumbnails_queued == [product.pk]


def loaded_image_urls(html):
    """Every image address the browser fetches: src and srcset of <img> and
    <source>, and preloaded images."""
    soup = BeautifulSoup(html, "html.parser")
    urls = []
    for tag in soup.find_all(["img", "source"]):
        urls.append(tag.get("src", ""))
        urls.extend(
            part.split()[0] for part in tag.get("srcset", "").split(",") if part.strip()
        )
    urls.extend(link.get("href", "") for link in soup.find_all("link", rel="preload"))
    return [url for url in urls if url]


def test_once_the_task_ran_pages_show_its_thumbnails_and_make_none(
    client, vendor, thumbnails_queued
):
    product = create_artisan_product(vendor)
    image = ProductImage.objects.create(
        product=product, original=image_upload(size=(900, 700)), display_order=0
    )

    made = generate_product_thumbnails_task(product.pk)
    made_files = thumbnail_files()
    response = client.get(product.get_absolute_url())

    assert made == len(core_tasks.STOREFRONT_THUMBNAILS)
    assert len(made_files) == made
    html = response.content.decode()
    assert f"{settings.MEDIA_URL}cache/" in html
    # The browser loads thumbnails only; the original is named solely for
    # link previews and search engines (og:image, JSON-LD), which fetch it
    # themselves.
    assert image.original.url not in " ".join(loaded_image_urls(html))
    assert thumbnail_files() == made_files
    assert thumbnails_queued == []


def test_with_eager_tasks_the_first_page_already_has_thumbnails(client, vendor):
    # ``make run``: tasks run eagerly, so the task queued by the page has run
    product = create_artisan_product(vendor)
    ProductImage.objects.create(
        product=product, original=image_upload(size=(900, 700)), display_order=0
    )

    response = client.get(product.get_absolute_url())

    assert f"{settings.MEDIA_URL}cache/" in response.content.decode()
    assert len(thumbnail_files()) == len(core_tasks.STOREFRONT_THUMBNAILS)


# CSV IMPORTS
# ------------------------------------------------------------------------------


def test_an_import_file_is_kept_outside_the_public_media(client, vendor):
    sign_in_artisan(client, vendor)
    categories()
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    private_before = set(private_root.rglob("*.csv"))

    # a file with an invalid row waits for the artisan's choice, kept
    client.post(
        reverse("backoffice:product-import"),
        {"file": csv_upload("sku,title,price,stock\nSAV-1,Savon,abc,3\n")},
    )

    kept = set(private_root.rglob("*.csv")) - private_before
    assert [path.relative_to(private_root).parts[:2] for path in kept] == [
        ("imports", str(vendor.pk))
    ]
    assert media_files() == set()
