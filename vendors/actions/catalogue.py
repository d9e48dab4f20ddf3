"""Writes on an artisan's catalogue: products, stock, images, CSV imports.

Every function receives objects the caller already scoped to the artisan
(through ``vendors.scoping``), or the artisan's ``Vendor`` itself, and writes
only on that artisan's partner.
"""

import csv
import io
import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from shop.apps.core import pagecache
from shop.apps.core.uploads import private_storage
from vendors import scoping
from vendors.validators import sanitise_story

logger = logging.getLogger(__name__)

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

ARTISAN_PRODUCT_CLASS = "Artisanat"
CURRENCY = "EUR"
MAX_IMAGES_PER_PRODUCT = 5
# The attribute types the back office edits through ``product.attr``.
EDITABLE_ATTRIBUTE_TYPES = ("text", "richtext", "integer", "float", "boolean")


def artisan_product_class():
    """The one product class of handmade goods (stock tracked, shipped)."""
    product_class, _created = ProductClass._default_manager.get_or_create(
        name=ARTISAN_PRODUCT_CLASS,
        defaults={"track_stock": True, "requires_shipping": True},
    )
    return product_class


def editable_attributes(product_class):
    """The attributes of ``product_class`` an artisan fills in, in a stable order."""
    if product_class is None or product_class.pk is None:
        return []
    return list(
        product_class.attributes.filter(type__in=EDITABLE_ATTRIBUTE_TYPES).order_by(
            "name", "pk"
        )
    )


def _queue_thumbnails(product_id):
    from shop.apps.core.tasks import generate_product_thumbnails_task

    transaction.on_commit(lambda: generate_product_thumbnails_task.delay(product_id))


@transaction.atomic
def save_product(vendor, data, images=(), product=None):
    """Create or update one of ``vendor``'s products from cleaned form ``data``.

    ``data`` holds ``title``, ``description``, ``category`` (a ``Category`` or
    None), ``price`` (TTC), ``stock``, ``sku``, ``is_public``, optionally
    ``attributes`` (code -> value) and ``image_positions`` (image pk -> position).
    ``images`` are new uploaded image files, appended after the existing ones.
    ``product`` is None for a new product, else one of ``vendor``'s products.

    Product, stock record, category and images are written in one transaction;
    thumbnails are made once it commits.
    """
    creating = product is None
    if creating:
        product = Product(
            product_class=artisan_product_class(), structure=Product.STANDALONE
        )
    product.title = data["title"]
    product.description = data.get("description", "")
    product.is_public = data.get("is_public", True)
    for code, value in (data.get("attributes") or {}).items():
        setattr(product.attr, code, value)
    product.save()

    stockrecord = None
    if not creating:
        stockrecord = (
            scoping.stockrecords_of(vendor)
            .filter(product=product)
            .order_by("pk")
            .first()
        )
    if stockrecord is None:
        stockrecord = StockRecord(product=product, partner_id=vendor.partner_id)
    else:
        stockrecord = StockRecord._default_manager.select_for_update().get(
            pk=stockrecord.pk
        )
        check_stock_covers_allocations(stockrecord, data["stock"])
    stockrecord.partner_sku = data["sku"]
    stockrecord.price = data["price"]
    stockrecord.price_currency = CURRENCY
    stockrecord.num_in_stock = data["stock"]
    stockrecord.save()

    if "category" in data:
        set_product_category(product, data["category"])

    positions = data.get("image_positions") or {}
    if positions:
        ordered = sorted(positions, key=lambda pk: (positions[pk], pk))
        reorder_product_images(product, ordered)

    if images:
        add_product_images(product, images)
    return product


def set_product_category(product, category):
    """Make ``category`` the product's only category (None leaves it as it is)."""
    if category is None:
        return
    ProductCategory._default_manager.filter(product=product).exclude(
        category=category
    ).delete()
    ProductCategory._default_manager.get_or_create(product=product, category=category)


def add_product_images(product, images):
    """Append uploaded ``images`` to ``product``'s gallery; thumbnails on commit."""
    position = product.images.count()
    for offset, image in enumerate(images):
        ProductImage._default_manager.create(
            product=product, original=image, display_order=position + offset
        )
    _queue_thumbnails(product.pk)


def reorder_product_images(product, image_ids):
    """Give ``product``'s images the order of ``image_ids`` (0 is the main one).

    Images not listed keep their relative order after the listed ones.
    """
    images = {image.pk: image for image in product.images.all()}
    ordered = [images[pk] for pk in image_ids if pk in images]
    ordered += [image for pk, image in sorted(images.items()) if pk not in image_ids]
    changed = []
    for position, image in enumerate(ordered):
        if image.display_order != position:
            image.display_order = position
            changed.append(image)
    ProductImage._default_manager.bulk_update(changed, ["display_order"])
    pagecache.changed()


@transaction.atomic
def delete_product_image(image):
    """Delete one image (and its file) and renumber the product's other images."""
    product = image.product
    # Oscar's ProductImage.delete keeps display orders consecutive.
    image.delete()
    logger.info("image %s of product %s deleted", image.original.name, product.pk)
    return product


def set_product_public(product, is_public):
    """Archive (``is_public=False``) or bring back a product.

    Products are never deleted from the back office: orders keep pointing at
    them, and an archived product simply leaves the catalogue.
    """
    if product.is_public != is_public:
        product.is_public = is_public
        product.save(update_fields=["is_public", "date_updated"])
    return product


class StockChangeRefused(Exception):
    """A stock level the artisan asked for that would break orders in progress."""


def check_stock_covers_allocations(stockrecord, num_in_stock):
    """Refuse fewer units than orders in progress already reserved."""
    allocated = stockrecord.num_allocated or 0
    if num_in_stock < allocated:
        raise StockChangeRefused(
            _(
                "%(count)s units are reserved by orders not yet handed over: "
                "the stock cannot be lower."
            )
            % {"count": allocated}
        )


@transaction.atomic
def update_stock(stockrecord, num_in_stock):
    """Set the number of units an artisan has in stock for one stock record.

    The row is locked so that a checkout allocating this stock at the same time
    keeps its allocation consistent; allocated units stay allocated, so the
    stock may not go below them (``StockChangeRefused``).
    """
    locked = StockRecord._default_manager.select_for_update().get(pk=stockrecord.pk)
    check_stock_covers_allocations(locked, num_in_stock)
    locked.num_in_stock = num_in_stock
    locked.save(update_fields=["num_in_stock", "date_updated"])
    return locked


def category_full_names():
    """Every category's breadcrumb ("Parent > Child") by category, in tree order.

    Built from the tree paths in one query, rather than from ``full_name``
    which costs a query per category.
    """
    categories = list(Category._default_manager.order_by("path"))
    names_by_path = {category.path: category.name for category in categories}
    full_names = {}
    for category in categories:
        prefixes = [
            category.path[:end]
            for end in range(Category.steplen, len(category.path) + 1, Category.steplen)
        ]
        full_names[category] = Category._full_name_separator.join(
            names_by_path[prefix] for prefix in prefixes if prefix in names_by_path
        )
    return full_names


# CSV IMPORT
# ------------------------------------------------------------------------------
# An upload is checked as a whole (size, text, header, number of rows), then row
# by row; the rows are imported by ``import_products_csv_task`` in batches, its
# progress kept in the cache under the job's id, the file in the private
# storage (never under a public URL).

CSV_COLUMNS = ("sku", "title", "description", "price", "stock", "category", "public")
CSV_REQUIRED_COLUMNS = ("sku", "title", "price", "stock")
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000
IMPORT_BATCH_SIZE = 200
IMPORT_JOB_TIMEOUT = 60 * 60 * 24
IMPORT_FOLDER = "imports"
TRUE_WORDS = {"1", "true", "yes", "y", "oui", "o", "vrai", "x"}
FALSE_WORDS = {"0", "false", "no", "n", "non", "faux"}
MAX_PRICE = Decimal("9999999999.99")
MISSING_VALUE_MESSAGES = {
    "price": lambda: _("the price is missing"),
    "stock": lambda: _("the stock is missing"),
}


class ImportStatus:
    """Where an import job stands."""

    NEEDS_CONFIRMATION = "needs_confirmation"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    FINISHED = {DONE, FAILED}


class CsvFileError(Exception):
    """A file that cannot be read as a product CSV; the message is for the artisan."""


@dataclass
class ProductRow:
    """One valid row of a product CSV, with the columns the file has."""

    line: int
    sku: str
    title: str
    price: Decimal
    stock: int
    description: str | None = None
    category: object = None
    is_public: bool | None = None


@dataclass
class ProductCsv:
    """A read CSV: its valid rows and, per invalid row, why it is refused."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.rows) + len(self.errors)


def read_product_csv(raw):
    """Split the bytes of an uploaded CSV into ``(columns, [(line, values)])``.

    Accepts UTF-8 with or without a BOM, and "," or ";" as the separator.
    Raises ``CsvFileError`` for a file that is too large, binary, not UTF-8,
    without the needed header, or with too many rows.
    """
    if len(raw) > MAX_IMPORT_BYTES:
        raise CsvFileError(
            _("The file is larger than %(size)s MB.")
            % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    if b"\x00" in raw:
        raise CsvFileError(_("This is not a CSV file (it contains binary data)."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvFileError(
            _("The file is not UTF-8 text. Export it as “CSV UTF-8” and try again.")
        ) from None
    if not text.strip():
        raise CsvFileError(_("The file is empty."))

    first_line = text.lstrip().splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        while not any(cell.strip() for cell in header):
            header = next(reader)
        columns = [cell.strip().lower() for cell in header]
        check_csv_columns(columns)
        rows = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            rows.append((reader.line_num, values))
            if len(rows) > MAX_IMPORT_ROWS:
                raise CsvFileError(
                    _("The file has more than %(count)s products; split it.")
                    % {"count": f"{MAX_IMPORT_ROWS:,}".replace(",", " ")}
                )
    except csv.Error as error:
        raise CsvFileError(
            _("The file is not a valid CSV file (line %(line)s: %(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from None
    if not rows:
        raise CsvFileError(_("The file has a header but no products."))
    return columns, rows


def check_csv_columns(columns):
    """Refuse a header with unknown, repeated or missing columns."""
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown:
        raise CsvFileError(
            _("Unknown column(s): %(unknown)s. The columns are: %(columns)s.")
            % {"unknown": ", ".join(unknown), "columns": ", ".join(CSV_COLUMNS)}
        )
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise CsvFileError(
            _("Column(s) given twice: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    missing = [c for c in CSV_REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise CsvFileError(
            _("Missing column(s): %(missing)s. The first line must name the columns.")
            % {"missing": ", ".join(missing)}
        )


def parse_price(text):
    """A TTC price typed as "12.50" or "12,50": a Decimal > 0 with 2 decimals."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        price = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(
            _("the price “%(value)s” is not a number") % {"value": text}
        ) from None
    if not price.is_finite():
        raise ValueError(_("the price “%(value)s” is not a number") % {"value": text})
    if price <= 0:
        raise ValueError(_("the price must be greater than zero"))
    if price != price.quantize(Decimal("0.01")):
        raise ValueError(_("the price may have at most 2 decimals"))
    if price > MAX_PRICE:
        raise ValueError(_("the price is too large"))
    return price.quantize(Decimal("0.01"))


def parse_stock(text):
    """A number of units: a whole number >= 0."""
    cleaned = text.strip()
    if not cleaned.lstrip("-").isdigit():
        raise ValueError(
            _("the stock “%(value)s” is not a whole number") % {"value": text}
        )
    stock = int(cleaned)
    if stock < 0:
        raise ValueError(_("the stock cannot be negative"))
    if stock > 2_147_483_647:
        raise ValueError(_("the stock is too large"))
    return stock


def parse_public(text):
    word = text.strip().lower()
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(
        _("“%(value)s” is not a valid value for public (use yes or no)")
        % {"value": text}
    )


def normalise_category_path(path):
    return " > ".join(part.strip().casefold() for part in path.split(">"))


def validate_product_rows(columns, rows):
    """Check every row; return a ``ProductCsv`` of valid rows and errors.

    An error is ``{"line": n, "sku": ..., "reasons": [...]}``; a row is
    either valid or in the errors, never both. SKUs are per artisan, so the
    file is only checked against itself here: an existing SKU is an update.
    """
    categories = {
        normalise_category_path(full_name): category
        for category, full_name in category_full_names().items()
    }
    result = ProductCsv()
    seen_skus = {}
    for line, values in rows:
        reasons = []
        if len(values) > len(columns):
            reasons.append(
                _("too many columns (%(found)s, the header has %(expected)s)")
                % {"found": len(values), "expected": len(columns)}
            )
        elif len(values) < len(columns):
            reasons.append(
                _("too few columns (%(found)s, the header has %(expected)s)")
                % {"found": len(values), "expected": len(columns)}
            )
        cells = dict(zip(columns, (value.strip() for value in values), strict=False))
        cells = {column: cells.get(column, "") for column in columns}
        sku = cells["sku"]
        if not sku:
            reasons.append(_("the SKU is missing"))
        elif len(sku) > 128:
            reasons.append(_("the SKU is longer than 128 characters"))
        elif sku in seen_skus:
            reasons.append(
                _("the SKU “%(sku)s” is already on line %(line)s")
                % {"sku": sku, "line": seen_skus[sku]}
            )
        else:
            seen_skus[sku] = line
        title = cells["title"]
        if not title:
            reasons.append(_("the title is missing"))
        elif len(title) > 255:
            reasons.append(_("the title is longer than 255 characters"))
        values_by_column = {}
        for column, parse in (
            ("price", parse_price),
            ("stock", parse_stock),
            ("public", parse_public),
        ):
            if column not in cells:
                continue
            if column in MISSING_VALUE_MESSAGES and not cells[column]:
                reasons.append(MISSING_VALUE_MESSAGES[column]())
                continue
            try:
                values_by_column[column] = parse(cells[column])
            except ValueError as error:
                reasons.append(str(error))
        category = None
        if cells.get("category"):
            category = categories.get(normalise_category_path(cells["category"]))
            if category is None:
                reasons.append(
                    _("unknown category “%(category)s”")
                    % {"category": cells["category"]}
                )
        if reasons:
            result.errors.append(
                {"line": line, "sku": sku, "reasons": [str(r) for r in reasons]}
            )
            continue
        result.rows.append(
            ProductRow(
                line=line,
                sku=sku,
                title=title,
                price=values_by_column["price"],
                stock=values_by_column["stock"],
                description=(
                    sanitise_story(cells["description"])
                    if "description" in cells
                    else None
                ),
                category=category,
                is_public=values_by_column.get("public"),
            )
        )
    return result


def import_job_key(job_id):
    return f"vendors:product-import:{job_id}"


def get_import_job(job_id):
    """The state of an import job, or None when it is unknown or expired."""
    return cache.get(import_job_key(job_id))


def save_import_job(job):
    job["updated_at"] = timezone.now().isoformat()
    cache.set(import_job_key(job["id"]), job, IMPORT_JOB_TIMEOUT)
    return job


def start_product_import(vendor, uploaded_file):
    """Check an uploaded CSV and create its import job.

    Raises ``CsvFileError`` when the file as a whole is refused; nothing is
    stored then. A file whose rows are all valid is ready to import at once
    (status "queued": the caller queues ``import_products_csv_task``);
    otherwise the job waits for the artisan to confirm importing the valid
    rows only (``confirm_product_import``).
    """
    if uploaded_file.size is not None and uploaded_file.size > MAX_IMPORT_BYTES:
        raise CsvFileError(
            _("The file is larger than %(size)s MB.")
            % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    raw = uploaded_file.read(MAX_IMPORT_BYTES + 1)
    columns, rows = read_product_csv(raw)
    checked = validate_product_rows(columns, rows)

    job_id = str(uuid.uuid4())
    file_name = private_storage().save(
        f"{IMPORT_FOLDER}/{vendor.pk}/{job_id}.csv", ContentFile(raw)
    )
    job = {
        "id": job_id,
        "vendor_id": vendor.pk,
        "file_name": file_name,
        "original_name": uploaded_file.name,
        "status": ImportStatus.QUEUED,
        "valid_rows_only": False,
        "rows": checked.total,
        "valid_rows": len(checked.rows),
        "errors": checked.errors,
        "total": len(checked.rows),
        "done": 0,
        "created": 0,
        "updated": 0,
        "skipped": [],
        "message": "",
        "language": translation.get_language(),
        "created_at": timezone.now().isoformat(),
    }
    if checked.errors:
        job["status"] = ImportStatus.NEEDS_CONFIRMATION
    save_import_job(job)
    return job


def confirm_product_import(job):
    """Import the valid rows of a job whose file had invalid rows: the job is
    "queued" (the caller queues ``import_products_csv_task``)."""
    if job["status"] != ImportStatus.NEEDS_CONFIRMATION:
        return job
    if not job["valid_rows"]:
        raise CsvFileError(
            _("No row of this file is valid: there is nothing to import.")
        )
    job["status"] = ImportStatus.QUEUED
    job["valid_rows_only"] = True
    save_import_job(job)
    return job


def run_product_import(job_id):
    """Import the rows of job ``job_id`` in batches, recording progress.

    The file is read and checked again: the catalogue may have changed since
    the upload (a category removed). When rows are invalid and the artisan did
    not choose to import the valid ones only, nothing is imported and the job
    goes back to waiting for that choice. A finished job is not run again, and
    running one twice is harmless: rows are created or updated by SKU.
    """
    from vendors.models import Vendor

    job = get_import_job(job_id)
    if job is None:
        logger.warning("product import %s: unknown or expired job", job_id)
        return None
    if job["status"] in ImportStatus.FINISHED:
        return job
    vendor = Vendor.objects.select_related("partner").get(pk=job["vendor_id"])
    # Reasons and messages in the language the artisan uploaded the file in.
    with translation.override(job.get("language")):
        return _import_rows_of_job(job, vendor)


def _import_rows_of_job(job, vendor):
    job_id = job["id"]
    try:
        with private_storage().open(job["file_name"], "rb") as stored:
            columns, rows = read_product_csv(stored.read())
        checked = validate_product_rows(columns, rows)
        job["errors"] = checked.errors
        job["valid_rows"] = len(checked.rows)
        if checked.errors and not job["valid_rows_only"]:
            job["status"] = ImportStatus.NEEDS_CONFIRMATION
            return save_import_job(job)

        job.update(
            status=ImportStatus.RUNNING,
            total=len(checked.rows),
            done=0,
            created=0,
            updated=0,
            skipped=[
                {"line": e["line"], "sku": e["sku"], "reasons": e["reasons"]}
                for e in checked.errors
            ],
        )
        save_import_job(job)
        for start in range(0, len(checked.rows), IMPORT_BATCH_SIZE):
            batch = checked.rows[start : start + IMPORT_BATCH_SIZE]
            created, updated, skipped = import_product_rows(vendor, batch)
            job["created"] += created
            job["updated"] += updated
            job["skipped"] = sorted(
                job["skipped"] + skipped, key=lambda refused: refused["line"]
            )
            job["done"] += len(batch)
            save_import_job(job)
    except Exception:
        logger.exception(
            "product import %s of vendor %s (%s) failed",
            job_id,
            job["vendor_id"],
            job["file_name"],
        )
        job["status"] = ImportStatus.FAILED
        job["message"] = str(
            _(
                "The import stopped because of an error on our side; "
                "the rows reported as done were imported. Please try again later."
            )
        )
        save_import_job(job)
        raise
    job["status"] = ImportStatus.DONE
    save_import_job(job)
    private_storage().delete(job["file_name"])
    return job


@transaction.atomic
def import_product_rows(vendor, rows):
    """Create or update ``vendor``'s products from valid ``ProductRow``s, by SKU.

    Returns ``(created, updated, skipped)``, ``skipped`` being the rows refused
    at write time (stock below what orders reserved) with their reasons.
    Columns a file lacks leave the existing values as they are.
    """
    existing = {
        stockrecord.partner_sku: stockrecord.product
        for stockrecord in scoping.stockrecords_of(vendor)
        .filter(partner_sku__in=[row.sku for row in rows])
        .select_related("product")
    }
    created = updated = 0
    skipped = []
    for row in rows:
        product = existing.get(row.sku)
        data = {
            "sku": row.sku,
            "title": row.title,
            "price": row.price,
            "stock": row.stock,
            "category": row.category,
        }
        if product is None:
            data["description"] = row.description or ""
            data["is_public"] = True if row.is_public is None else row.is_public
        else:
            data["description"] = (
                product.description if row.description is None else row.description
            )
            data["is_public"] = (
                product.is_public if row.is_public is None else row.is_public
            )
        try:
            existing[row.sku] = save_product(vendor, data, product=product)
        except StockChangeRefused as refusal:
            skipped.append(
                {"line": row.line, "sku": row.sku, "reasons": [str(refusal)]}
            )
            continue
        if product is None:
            created += 1
        else:
            updated += 1
    return created, updated, skipped


def delete_stale_import_files(older_than=None):
    """Delete uploaded CSV files whose job finished or expired; returns how many.

    A file waits in ``imports/`` while its job waits for the artisan's choice;
    once the job left the cache (after ``IMPORT_JOB_TIMEOUT``) nobody can
    import it any more.
    """
    if older_than is None:
        older_than = timedelta(seconds=IMPORT_JOB_TIMEOUT)
    limit = timezone.now() - older_than
    storage = private_storage()
    try:
        folders, _files = storage.listdir(IMPORT_FOLDER)
    except FileNotFoundError:  # no file was ever uploaded here
        return 0
    deleted = 0
    for folder in folders:
        for name in storage.listdir(f"{IMPORT_FOLDER}/{folder}")[1]:
            path = f"{IMPORT_FOLDER}/{folder}/{name}"
            job = get_import_job(name.removesuffix(".csv"))
            finished = job is not None and job["status"] in ImportStatus.FINISHED
            if finished or (job is None and storage.get_modified_time(path) < limit):
                storage.delete(path)
                deleted += 1
    return deleted
