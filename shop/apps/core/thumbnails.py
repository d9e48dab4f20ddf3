"""Thumbnails are made by a Celery task, never while a page is rendered.

``OSCAR_THUMBNAILER`` names ``TaskThumbnails`` and ``THUMBNAIL_BACKEND`` names
``TaskThumbnailBackend``: a page gets a thumbnail that
``generate_product_thumbnails_task`` has made (found in sorl's key-value
store), or, until it has, the original image (at most ``MAX_IMAGE_PIXELS``)
while the task is queued. Only the task resizes (``making_thumbnails()``).
"""

import logging

from django.core.cache import cache
from oscar.core.loading import get_model
from oscar.core.thumbnails import SorlThumbnail
from sorl.thumbnail import default
from sorl.thumbnail.base import ThumbnailBackend
from sorl.thumbnail.images import ImageFile

from shop.apps.core.tasks import generate_product_thumbnails_task, may_make_thumbnails

logger = logging.getLogger(__name__)

ProductImage = get_model("catalogue", "ProductImage")

# A product whose page found a thumbnail missing is queued once in this time.
QUEUED_TIMEOUT = 60 * 10


class ThumbnailNotMade(Exception):
    """A page asked for a thumbnail that no task has made yet."""


class TaskThumbnailBackend(ThumbnailBackend):
    """sorl's backend, which outside the thumbnail task only hands back
    thumbnails already recorded in its key-value store."""

    def _get_thumbnail_filename(self, source, geometry_string, options):
        name = super()._get_thumbnail_filename(source, geometry_string, options)
        if not may_make_thumbnails():
            if not default.kvstore.get(ImageFile(name, default.storage)):
                raise ThumbnailNotMade(name)
        return name


class TaskThumbnails(SorlThumbnail):
    """Oscar's thumbnailer for pages: the task's thumbnail, or the original
    image while the task is queued."""

    def generate_thumbnail(self, source, **opts):
        try:
            return super().generate_thumbnail(source, **dict(opts))
        except ThumbnailNotMade:
            queue_thumbnails_of(source)
        # With eager tasks (``make run``) the task has just made it.
        try:
            return super().generate_thumbnail(source, **dict(opts))
        except ThumbnailNotMade:
            return source


def queue_thumbnails_of(source):
    """Queue the thumbnails of the product whose image ``source`` is, once
    in ``QUEUED_TIMEOUT``."""
    image = getattr(source, "instance", None)
    if not isinstance(image, ProductImage):
        return
    if cache.add(f"thumbnails-queued:{source.name}", True, QUEUED_TIMEOUT):
        logger.info(
            "thumbnails of product %s (%s) asked for by a page: queued",
            image.product_id,
            source.name,
        )
        generate_product_thumbnails_task.delay(image.product_id)
