"""Background work of the marketplace core, run by Celery workers."""

import contextvars
import logging
from contextlib import contextmanager

from celery import shared_task
from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer

logger = logging.getLogger(__name__)

ProductImage = get_model("catalogue", "ProductImage")

# The sizes and options the templates ask ``oscar_thumbnail`` for, with the
# same options, so that a pre-generated thumbnail is the one a page then finds
# in sorl's key-value store: pages never resize (shop/apps/core/thumbnails.py).
STOREFRONT_THUMBNAILS = (
    ("x155", {"upscale": False}),  # product card in lists and search results
    ("440x400", {"upscale": False}),  # product page gallery
    ("65x55", {"crop": "center"}),  # gallery navigation strip
    ("100x100", {"upscale": False}),  # basket and checkout lines
    ("200x200", {"upscale": False}),  # thank-you page, image field of the dashboard
    ("70x70", {"upscale": False}),  # product list of the staff dashboard
)

# Responsive images (``{% responsive_image %}``, core/templatetags/images.py)
# are WebP thumbnails of a few widths, cropped to a ratio or not: each width of
# each set is made here too. A template asking for another width gets the
# original image until its set is listed.
RESPONSIVE_SETS = (
    ("1:1", (240, 400, 600)),  # product tiles: lists, search, home, storefront
    ("", (480, 800, 1200)),  # product page gallery, in the image's own ratio
)
WEBP_QUALITY = 80


def parse_ratio(ratio):
    """``"4:3"`` -> ``(4, 3)``; ``""`` or anything unreadable -> ``None``."""
    try:
        across, down = (int(part) for part in str(ratio).split(":"))
    except ValueError:
        return None
    if across <= 0 or down <= 0:
        return None
    return across, down


def responsive_geometry(width, ratio=""):
    """``(size, options)`` for Oscar's thumbnailer: a WebP ``width`` wide,
    cropped at the centre to ``ratio`` when one is given."""
    options = {"format": "WEBP", "quality": WEBP_QUALITY, "upscale": False}
    parsed = parse_ratio(ratio)
    if parsed is None:
        return f"{width}x", options
    across, down = parsed
    return f"{width}x{round(width * down / across)}", {**options, "crop": "center"}


STOREFRONT_THUMBNAILS += tuple(
    responsive_geometry(width, ratio)
    for ratio, widths in RESPONSIVE_SETS
    for width in widths
)

# Pages never resize an image (shop/apps/core/thumbnails.py): only this task,
# inside ``making_thumbnails()``.
_making_thumbnails = contextvars.ContextVar("making_thumbnails", default=False)


@contextmanager
def making_thumbnails():
    """Allow sorl-thumbnail to resize images in this block."""
    token = _making_thumbnails.set(True)
    try:
        yield
    finally:
        _making_thumbnails.reset(token)


def may_make_thumbnails():
    return _making_thumbnails.get()


@shared_task
def generate_product_thumbnails_task(product_id):
    """Generate the storefront thumbnails of every image of a product.

    Meant to be queued with ``transaction.on_commit`` once an artisan has
    uploaded images, so the first visitor of the product does not pay for the
    resizing. Idempotent: sorl-thumbnail records each thumbnail in its
    key-value store (in the database) and a second run only finds them there.

    Returns how many thumbnails the product's images have in place; a product
    that no longer exists, or has no image, has none.
    """
    thumbnailer = get_thumbnailer()
    images = ProductImage._default_manager.filter(product_id=product_id).order_by(
        "display_order", "pk"
    )
    in_place = 0
    for image in images:
        for size, options in STOREFRONT_THUMBNAILS:
            with making_thumbnails():
                thumbnail = thumbnailer.generate_thumbnail(
                    image.original, size=size, **options
                )
            # sorl logs an unreadable original and hands back a thumbnail
            # that was never written; name the product so it can be fixed.
            if thumbnail.exists():
                in_place += 1
            else:
                logger.error(
                    "thumbnail %s of image %s (product %s, file %s) was not made",
                    size,
                    image.pk,
                    product_id,
                    image.original.name,
                )
    logger.info("product %s has %s storefront thumbnails", product_id, in_place)
    return in_place
