"""Media on an S3-compatible server through django-storages, as in production.

The server is moto in server mode (``s3_endpoint_url``), reached over HTTP by
boto3 and by plain anonymous requests, as a browser would. The media bucket
is readable by anyone, as ``deploy/docker-compose.yml`` makes it; the private
bucket is not.
"""

import io
import json
import re
import uuid
from datetime import timedelta
from urllib.error import HTTPError
from urllib.request import urlopen

import boto3
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import empty
from oscar.core.loading import get_model
from PIL import Image
from sorl.thumbnail import default as sorl_default
from sorl.thumbnail.images import get_or_create_storage

import vendors.actions.catalogue as catalogue_actions
from shop.apps.core.tasks import RESPONSIVE_SETS, STOREFRONT_THUMBNAILS
from shop.apps.core.uploads import private_storage
from shop.settings.base import s3_media_storages
from tests.factories import VendorFactory
from vendors.actions import ImportStatus, get_import_job

from . import SOAPS, categories, csv_upload, sign_in_artisan

ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

pytestmark = [pytest.mark.service("s3"), pytest.mark.django_db]

HTML = b"<html><script>alert(document.cookie)</script></html>"
WAITING_CSV = (
    "sku,title,price,stock,category\n"
    "SAV-001,Savon à la lavande,7.50,24,Beauté & bien-être > Savons\n"
    "SAV-002,Savon sans prix,abc,3,\n"
)


@pytest.fixture
def s3(s3_endpoint_url):
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="moto",
        aws_secret_access_key="moto",
    )


@pytest.fixture
def buckets(s3, s3_endpoint_url, settings):
    """A public media bucket and a private one, new for each test, used by
    the site's storages as production configures them."""
    media, private = (f"{kind}-{uuid.uuid4().hex[:12]}" for kind in ("media", "priv"))
    for bucket in (media, private):
        s3.create_bucket(Bucket=bucket)
    s3.put_bucket_policy(
        Bucket=media,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{media}/*",
                    }
                ],
            }
        ),
    )
    settings.AWS_ACCESS_KEY_ID = "moto"
    settings.AWS_SECRET_ACCESS_KEY = "moto"
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint_url
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    settings.AWS_STORAGE_BUCKET_NAME = media
    settings.STORAGES = {**settings.STORAGES, **s3_media_storages(media, private)}
    # sorl-thumbnail keeps the storages it first met.
    forget_sorl_storages()
    yield {"media": media, "private": private}
    forget_sorl_storages()


def forget_sorl_storages():
    sorl_default.storage._wrapped = empty
    get_or_create_storage.cache_clear()


def keys_of(s3, bucket, prefix=""):
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def anonymous_get(url):
    """(status, content type, body) of a GET without any credentials."""
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except HTTPError as error:
        return error.code, error.headers["Content-Type"], b""


def polyglot_jpeg():
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "olive").save(buffer, format="JPEG")
    return SimpleUploadedFile(
        "poly.html", buffer.getvalue() + HTML, content_type="text/html"
    )


def test_a_product_image_and_its_thumbnails_are_stored_in_the_bucket(
    client, buckets, s3, django_capture_on_commit_callbacks
):
    vendor = VendorFactory()
    sign_in_artisan(client, vendor)
    tree = categories()

    # when an artisan adds a product with an image (the thumbnail task runs
    # once the product is committed)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:product-create"),
            {
                "title": "Savon au miel",
                "description": "",
                "category": tree[SOAPS].pk,
                "price": "6.90",
                "stock": "12",
                "sku": "SAV-MIEL",
                "is_public": "on",
                "new_images": [polyglot_jpeg()],
            },
        )
    assert response.status_code == 302, response.context["form"].errors

    # then the original is in the media bucket under our name, as a JPEG
    image = ProductImage.objects.get()
    originals = keys_of(s3, buckets["media"], "images/")
    assert originals == [image.original.name]
    assert re.fullmatch(r"images/products/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", originals[0])
    head = s3.head_object(Bucket=buckets["media"], Key=originals[0])
    assert head["ContentType"] == "image/jpeg"

    # and the task made every size the templates use, beside it
    thumbnails = keys_of(s3, buckets["media"], "cache/")
    assert len(thumbnails) == len(STOREFRONT_THUMBNAILS)
    types = {
        key: s3.head_object(Bucket=buckets["media"], Key=key)["ContentType"]
        for key in thumbnails
    }
    webp = [key for key in thumbnails if key.endswith(".webp")]
    # the responsive sets (tiles and gallery) in WebP, the fixed sizes in JPEG
    assert len(webp) == sum(len(widths) for _ratio, widths in RESPONSIVE_SETS)
    for key, content_type in types.items():
        expected = "image/webp" if key.endswith(".webp") else "image/jpeg"
        assert key.endswith((".webp", ".jpg"))
        assert content_type == expected

    # and anyone can read the image at its URL, as an image
    status, content_type, body = anonymous_get(image.original.url)
    assert (status, content_type) == (200, "image/jpeg")
    assert body.endswith(HTML)

    # and the product page shows a thumbnail from the bucket, making none
    page = client.get(image.product.get_absolute_url()).content.decode()
    assert f"/{buckets['media']}/cache/" in page
    assert keys_of(s3, buckets["media"], "cache/") == thumbnails


def test_an_import_file_is_private_and_read_back_for_its_artisan(
    client, buckets, s3, django_capture_on_commit_callbacks
):
    vendor = VendorFactory()
    sign_in_artisan(client, vendor)
    categories()

    # when an artisan uploads a file with an invalid row (it waits for them)
    response = client.post(
        reverse("backoffice:product-import"), {"file": csv_upload(WAITING_CSV)}
    )
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    job = get_import_job(job_id)
    assert job["status"] == ImportStatus.NEEDS_CONFIRMATION

    # then it is in the private bucket only, under the private folder
    key = f"private/{job['file_name']}"
    assert keys_of(s3, buckets["private"]) == [key]
    assert key == f"private/imports/{vendor.pk}/{job_id}.csv"
    assert keys_of(s3, buckets["media"]) == []

    # and nobody reads it without a signature, at any address
    unsigned = f"{s3.meta.endpoint_url}/{buckets['private']}/{key}"
    assert anonymous_get(unsigned)[0] == 403
    # while a signed, short-lived URL (the only kind the storage gives) works
    signed = private_storage().url(job["file_name"])
    assert "X-Amz-Signature=" in signed
    assert "X-Amz-Expires=300" in signed
    status, _type, body = anonymous_get(signed)
    assert (status, body) == (200, WAITING_CSV.encode())

    # when the artisan imports the valid rows, the task reads the file back
    # from the private bucket, then deletes it
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("backoffice:product-import"),
            {"job": job_id, "import_valid_rows": "on"},
        )
    assert get_import_job(job_id)["status"] == ImportStatus.DONE
    assert StockRecord.objects.filter(
        partner=vendor.partner, partner_sku="SAV-001"
    ).exists()
    assert keys_of(s3, buckets["private"]) == []


def test_stale_import_files_are_deleted_from_the_private_bucket(client, buckets, s3):
    vendor = VendorFactory()
    sign_in_artisan(client, vendor)
    categories()
    response = client.post(
        reverse("backoffice:product-import"), {"file": csv_upload(WAITING_CSV)}
    )
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]

    # while its job waits, the file stays
    assert catalogue_actions.delete_stale_import_files(older_than=timedelta(0)) == 0
    assert len(keys_of(s3, buckets["private"])) == 1

    # once the job left the cache, the daily task deletes it
    cache.delete(catalogue_actions.import_job_key(job_id))
    assert catalogue_actions.delete_stale_import_files(older_than=timedelta(0)) == 1
    assert keys_of(s3, buckets["private"]) == []
