"""Responsive images: ``<img>`` with WebP ``srcset``, ``sizes`` and dimensions.

::

    {% load images %}
    {% responsive_image product.primary_image widths="240 400 600" ratio="1:1"
       sizes="(min-width: 992px) 25vw, 50vw" alt=product.get_title %}

``image`` is a product image (or Oscar's missing-image dict), or an image
field's file such as a shop's banner (no task makes a banner's widths yet, so
it gets its original, with its own width and height). Each width is a WebP
thumbnail made by ``generate_product_thumbnails_task`` (shop/apps/core/tasks.py
lists them in ``RESPONSIVE_SETS``); pages never resize. While a width is not
made yet it is left out of ``srcset``; when none is, ``src`` is the original,
so the page still shows the picture. ``width`` and ``height`` are always set,
from the ratio or the image, so nothing moves when it loads.

Other keywords: ``loading`` ("lazy" by default, "eager" for the first screen),
``fetchpriority`` ("high" for the one image that matters most), ``class``,
and ``decoding`` ("async" by default).
"""

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from oscar.core.thumbnails import get_thumbnailer

from shop.apps.core.tasks import parse_ratio, responsive_geometry

register = template.Library()

DEFAULT_WIDTHS = "240 400 600"


@register.simple_tag
def responsive_image(
    image,
    widths=DEFAULT_WIDTHS,
    sizes="100vw",
    alt="",
    ratio="",
    loading="lazy",
    fetchpriority="",
    decoding="async",
    **attributes,
):
    """The ``<img>`` element of ``image`` (see the module's docstring), or
    nothing when there is no image."""
    source = _source_of(image)
    if not source:
        return ""
    wanted = _widths(widths)
    thumbnailer = get_thumbnailer()
    candidates = {}
    for width in wanted:
        size, options = responsive_geometry(width, ratio)
        thumbnail = thumbnailer.generate_thumbnail(source, size=size, **options)
        made_width = _made_width(thumbnail, source)
        if made_width and made_width not in candidates:
            candidates[made_width] = thumbnail
    width, height = _dimensions(candidates, wanted, ratio, source)

    attrs = {
        "alt": alt or "",
        "width": width,
        "height": height,
        "loading": loading if loading in ("lazy", "eager") else "lazy",
        "decoding": decoding,
    }
    if fetchpriority in ("high", "low", "auto"):
        attrs["fetchpriority"] = fetchpriority
    if attributes.get("class"):
        attrs["class"] = attributes["class"]
    if candidates:
        largest = candidates[max(candidates)]
        attrs["src"] = largest.url
        attrs["srcset"] = ", ".join(
            f"{thumb.url} {made}w" for made, thumb in sorted(candidates.items())
        )
        attrs["sizes"] = sizes
    else:
        attrs["src"] = _url_of(source)
    if not attrs["src"]:
        return ""
    return format_html(
        "<img {}>",
        format_html_join(
            " ", '{}="{}"', ((k, v) for k, v in attrs.items() if v is not None)
        ),
    )


def _source_of(image):
    """The file (or storage name) to make thumbnails of, or None."""
    if not image:
        return None
    if isinstance(image, dict):
        return image.get("original") or None
    return getattr(image, "original", image) or None


def _widths(widths):
    found = []
    for part in str(widths).replace(",", " ").split():
        if part.isdigit() and 0 < int(part) <= 4000 and int(part) not in found:
            found.append(int(part))
    return sorted(found) or [int(w) for w in DEFAULT_WIDTHS.split()]


def _made_width(thumbnail, source):
    """The width of a thumbnail that was made, or None for the fallback
    (the thumbnailer hands back the source itself while it is queued)."""
    if thumbnail is source or not getattr(thumbnail, "url", None):
        return None
    try:
        return int(thumbnail.width) or None
    except (AttributeError, TypeError, ValueError):
        return None


def _dimensions(candidates, wanted, ratio, source):
    """``width``/``height`` attributes: the largest thumbnail's, else the
    ratio's at the largest width asked for, else the original's."""
    if candidates:
        largest = candidates[max(candidates)]
        return int(largest.width), int(largest.height)
    parsed = parse_ratio(ratio)
    if parsed:
        across, down = parsed
        return wanted[-1], round(wanted[-1] * down / across)
    try:
        return int(source.width), int(source.height)
    except (AttributeError, TypeError, ValueError, OSError):
        return None, None


def _url_of(source):
    url = getattr(source, "url", None)
    if url:
        return url
    return default_storage.url(str(source))
