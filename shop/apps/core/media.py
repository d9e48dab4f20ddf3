"""Uploaded media as Django serves them in development (``make run``).

In production nginx or the S3 bucket serves media with the same headers
(``deploy/nginx.conf``): the browser never sniffs a type, and anything that
is not a raster image is downloaded rather than shown, so an uploaded page
or SVG never runs in the site's origin.
"""

from django.conf import settings
from django.views.static import serve

# What a browser may show inline: raster images, which run no script.
INLINE_CONTENT_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"}
)


def serve_media(request, path):
    """A file of MEDIA_ROOT, with ``nosniff``, inline only when a raster image."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if content_type not in INLINE_CONTENT_TYPES:
        response["Content-Disposition"] = "attachment"
    return response
