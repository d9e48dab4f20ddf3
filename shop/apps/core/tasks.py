"""Background work of the marketplace core, run by Celery workers."""

import logging

from celery import shared_task
from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer

logger = logging.getLogger(__name__)

ProductImage = get_model("catalogue", "ProductImage")

# The sizes and options the storefront templates ask ``oscar_thumbnail`` for,
# with the same options, so that a pre-generated thumbnail is the one a page
# then finds in sorl's key-value store instead of resizing during a request.
STOREFRONT_THUMBNAILS = (
    ("x155", {"upscale": False}),  # product card in lists and search results
    ("440x400", {"upscale": False}),  # product page gallery
    ("65x55", {"crop": "center"}),  # gallery navigation strip
    ("100x100", {"upscale": False}),  # basket and checkout lines
)


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
