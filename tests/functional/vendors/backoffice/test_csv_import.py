"""An artisan creates and updates products from a CSV file, checked row by row."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model

import vendors.actions.catalogue as catalogue_actions
from shop.apps.core.uploads import private_storage
from tests.factories import VendorFactory, create_artisan_product
from vendors.actions import ImportStatus, get_import_job
from vendors.tasks import delete_stale_product_imports_task

from . import CANDLES, SOAPS, categories, csv_upload, sign_in_artisan, stockrecord_of

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

VALID_CSV = """sku,title,description,price,stock,category,public
SAV-001,Savon à la lavande,Saponifié à froid,7.50,24,Beauté & bien-être > Savons,yes
BOU-001,Bougie figue,,"12,90",3,Maison > Bougies,no
SAV-002,Savon au miel,,8,0,,
"""

INVALID_CSV = """sku,title,description,price,stock,category,public
SAV-001,Savon à la lavande,,7.50,24,Beauté & bien-être > Savons,yes
SAV-002,,,7.50,1,,
SAV-003,Savon cher,,abc,1,,
SAV-004,Savon négatif,,-2,1,,
SAV-005,Savon rond,,5,1.5,,
SAV-006,Savon perdu,,5,1,Cuisine > Épices,
SAV-001,Savon en double,,5,1,,
SAV-007,Savon bavard,,5,1,,yes,de trop
SAV-008,Bougie vanille,,9.90,4,Maison > Bougies,
"""


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture(autouse=True)
def tree():
    return categories()


def upload(client, text, follow=True, **kwargs):
    return client.post(
        reverse("backoffice:product-import"),
        {"file": csv_upload(text, **kwargs)},
        follow=follow,
    )


def upload_and_run(client, text, django_capture_on_commit_callbacks):
    """Upload ``text``, run what the upload queued, then open the job's page."""
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, text, follow=False)
    assert response.status_code == 302, response.context["form"].errors
    return client.get(response["Location"])


def stored_imports():
    """Every file kept under imports/ in the private storage."""
    if not private_storage().exists("imports"):
        return set()
    folders, _files = private_storage().listdir("imports")
    return {
        f"{folder}/{name}"
        for folder in folders
        for name in private_storage().listdir(f"imports/{folder}")[1]
    }


def job_of(response):
    """The import job a response's page is about."""
    return get_import_job(response.context["job"]["id"])


def products_of(vendor):
    return {
        sr.partner_sku: sr
        for sr in StockRecord.objects.filter(partner=vendor.partner).select_related(
            "product"
        )
    }


def test_valid_file_creates_products_and_updates_existing_ones_by_sku(
    client, vendor, tree, django_capture_on_commit_callbacks
):
    # given one product the artisan already sells with SKU SAV-001
    existing = create_artisan_product(vendor, "Vieux savon", price="5.00", stock=1)
    stockrecord = stockrecord_of(existing)
    stockrecord.partner_sku = "SAV-001"
    stockrecord.save()
    sign_in_artisan(client, vendor)

    response = upload_and_run(client, VALID_CSV, django_capture_on_commit_callbacks)

    job = job_of(response)
    assert job["status"] == ImportStatus.DONE
    assert (job["created"], job["updated"], job["skipped"]) == (2, 1, [])
    assert "2 created, 1 updated, 0 skipped" in response.content.decode()
    by_sku = products_of(vendor)
    assert set(by_sku) == {"SAV-001", "BOU-001", "SAV-002"}
    updated = by_sku["SAV-001"]
    assert updated.product_id == existing.pk
    assert updated.product.title == "Savon à la lavande"
    assert updated.price == D("7.50")
    assert updated.num_in_stock == 24
    assert list(updated.product.categories.all()) == [tree[SOAPS]]
    candle = by_sku["BOU-001"]
    assert candle.price == D("12.90")
    assert candle.product.is_public is False
    assert list(candle.product.categories.all()) == [tree[CANDLES]]
    assert candle.price_currency == "EUR"
    assert by_sku["SAV-002"].product.is_public is True
    # the uploaded file is not kept once imported
    assert not private_storage().exists(job["file_name"])


def test_semicolon_separated_file_with_a_bom_is_read(
    client, vendor, django_capture_on_commit_callbacks
):
    sign_in_artisan(client, vendor)
    text = "\ufeff" + VALID_CSV.replace(",", ";").replace('"12;90"', "12,90")

    response = upload_and_run(client, text, django_capture_on_commit_callbacks)

    assert job_of(response)["status"] == ImportStatus.DONE
    assert products_of(vendor)["BOU-001"].price == D("12.90")
    assert products_of(vendor)["SAV-001"].product.title == "Savon à la lavande"


def test_file_with_errors_imports_nothing_and_lists_every_error_by_line(
    client, vendor, django_capture_on_commit_callbacks
):
    sign_in_artisan(client, vendor)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(client, INVALID_CSV)

    # then nothing is queued nor imported
    assert callbacks == []
    assert not StockRecord.objects.filter(partner=vendor.partner).exists()
    job = job_of(response)
    assert job["status"] == ImportStatus.NEEDS_CONFIRMATION
    errors = {error["line"]: error["reasons"] for error in job["errors"]}
    assert errors == {
        3: ["the title is missing"],
        4: ["the price “abc” is not a number"],
        5: ["the price must be greater than zero"],
        6: ["the stock “1.5” is not a whole number"],
        7: ["unknown category “Cuisine > Épices”"],
        8: ["the SKU “SAV-001” is already on line 2"],
        9: ["too many columns (8, the header has 7)"],
    }
    assert job["valid_rows"] == 2
    html = response.content.decode()
    assert "7 lines out of 9 are invalid (valid lines: 2)." in html
    assert "the price “abc” is not a number" in html
    assert 'id="import-confirm-form"' in html


def test_confirming_imports_the_valid_rows_only(
    client, vendor, django_capture_on_commit_callbacks
):
    sign_in_artisan(client, vendor)
    job_id = job_of(upload(client, INVALID_CSV))["id"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:product-import"),
            {"job": job_id, "import_valid_rows": "on"},
        )
    response = client.get(response["Location"])

    job = get_import_job(job_id)
    assert job["status"] == ImportStatus.DONE
    assert job["created"] == 2
    assert [skipped["line"] for skipped in job["skipped"]] == [3, 4, 5, 6, 7, 8, 9]
    assert set(products_of(vendor)) == {"SAV-001", "SAV-008"}
    html = response.content.decode()
    assert "2 created, 0 updated, 7 skipped" in html
    assert "unknown category “Cuisine &gt; Épices”" in html


def test_confirmation_without_the_box_ticked_imports_nothing(
    client, vendor, django_capture_on_commit_callbacks
):
    sign_in_artisan(client, vendor)
    job_id = job_of(upload(client, INVALID_CSV))["id"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:product-import"), {"job": job_id})

    assert get_import_job(job_id)["status"] == ImportStatus.NEEDS_CONFIRMATION
    assert not StockRecord.objects.filter(partner=vendor.partner).exists()


def test_progress_is_recorded_batch_by_batch_and_reaches_the_total(
    client, vendor, monkeypatch, django_capture_on_commit_callbacks
):
    # given batches of 2 rows, and a record of every progress saved
    monkeypatch.setattr(catalogue_actions, "IMPORT_BATCH_SIZE", 2)
    recorded = []
    save_import_job = catalogue_actions.save_import_job

    def recording_save(job):
        recorded.append((job["status"], job["done"], job["total"]))
        return save_import_job(job)

    monkeypatch.setattr(catalogue_actions, "save_import_job", recording_save)
    rows = "\n".join(f"SKU-{n},Savon {n},,5,{n}" for n in range(5))
    sign_in_artisan(client, vendor)

    response = upload_and_run(
        client,
        f"sku,title,description,price,stock\n{rows}\n",
        django_capture_on_commit_callbacks,
    )

    running = [done for status, done, _total in recorded if status == "running"]
    assert running == [0, 2, 4, 5]
    assert recorded[-1] == (ImportStatus.DONE, 5, 5)
    status = client.get(
        reverse(
            "backoffice:product-import-status",
            kwargs={"job_id": response.context["job"]["id"]},
        ),
        {"format": "json"},
    ).json()
    assert status == {
        "status": "done",
        "finished": True,
        "total": 5,
        "done": 5,
        "percent": 100,
        "created": 5,
        "updated": 0,
        "skipped": 0,
    }


def test_a_queued_import_shows_its_progress_and_polls(client, vendor):
    sign_in_artisan(client, vendor)

    # when the task has not run yet (a worker in production)
    response = upload(client, VALID_CSV)

    job = job_of(response)
    assert job["status"] == ImportStatus.QUEUED
    html = response.content.decode()
    assert "0 of 3 products imported" in html
    assert "format=json" in html
    assert not StockRecord.objects.filter(partner=vendor.partner).exists()


def test_oversized_file_is_refused(client, vendor):
    sign_in_artisan(client, vendor)
    header = "sku,title,price,stock\n"
    text = header + "x" * (5 * 1024 * 1024)
    before = stored_imports()

    response = upload(client, text, follow=False)

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The file is larger than 5 MB."]
    assert stored_imports() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "This is not a CSV file (it contains binary data).",
        ),
        (
            "sku,title,price,stock\nA,Café,5,1\n".encode("latin-1"),
            "The file is not UTF-8 text. Export it as “CSV UTF-8” and try again.",
        ),
        (b"", "The submitted file is empty."),
        (
            b"reference,name\nA,B\n",
            "Unknown column(s): reference, name. The columns are: "
            "sku, title, description, price, stock, category, public.",
        ),
        (
            b"sku,title\nA,B\n",
            "Missing column(s): price, stock. The first line must name the columns.",
        ),
        (b"sku,title,price,stock\n", "The file has a header but no products."),
    ],
)
def test_unreadable_file_gets_a_clear_message_and_changes_nothing(
    client, vendor, content, message
):
    sign_in_artisan(client, vendor)
    before = stored_imports()

    response = client.post(
        reverse("backoffice:product-import"),
        {"file": SimpleUploadedFile("produits.csv", content)},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert not StockRecord.objects.filter(partner=vendor.partner).exists()
    assert stored_imports() == before


def test_too_many_rows_are_refused(client, vendor):
    sign_in_artisan(client, vendor)
    rows = "\n".join(f"S{n},T,1,1" for n in range(10_001))

    response = upload(client, f"sku,title,price,stock\n{rows}\n", follow=False)

    assert response.context["form"].errors["file"] == [
        "The file has more than 10 000 products; split it."
    ]


def test_import_only_touches_the_artisans_own_skus(
    client, vendor, django_capture_on_commit_callbacks
):
    # given another artisan selling a product with SKU SAV-001
    neighbour = VendorFactory()
    theirs = stockrecord_of(
        create_artisan_product(neighbour, "Leur savon", price="3.00")
    )
    theirs.partner_sku = "SAV-001"
    theirs.save()
    sign_in_artisan(client, vendor)

    upload_and_run(client, VALID_CSV, django_capture_on_commit_callbacks)

    theirs.refresh_from_db()
    assert theirs.product.title == "Leur savon"
    assert theirs.price == D("3.00")
    assert products_of(vendor)["SAV-001"].product_id != theirs.product_id
    assert len(products_of(neighbour)) == 1


def test_files_of_expired_jobs_are_deleted_and_waiting_ones_kept(client, vendor):
    sign_in_artisan(client, vendor)
    job = job_of(upload(client, INVALID_CSV))
    assert private_storage().exists(job["file_name"])

    # while the job waits for the artisan's choice, its file stays
    delete_stale_product_imports_task()
    assert private_storage().exists(job["file_name"])

    # once the job expired from the cache, a day later, the file goes
    cache.delete(f"vendors:product-import:{job['id']}")
    catalogue_actions.delete_stale_import_files(older_than=timedelta(0))
    assert not private_storage().exists(job["file_name"])
