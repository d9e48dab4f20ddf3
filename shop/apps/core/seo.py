"""What search engines and link previews read: canonical and alternate
addresses, descriptions and schema.org data (JSON-LD).

Languages and addresses
-----------------------
The site has one address per page; the language comes from the language
cookie (``FrenchFirstLocaleMiddleware``), French for anyone who has not
switched. A crawler sends no cookie, so without more it would only ever see
French. ``?lang=en`` (or ``?lang=fr``) is therefore an honest address of each
language version: the middleware serves that language for it (and keeps the
choice in the cookie). The hreflang links follow what the site serves:

- ``fr`` and ``x-default``: the plain address (French unless the visitor
  chose otherwise);
- ``en``: the plain address with ``?lang=en``.

The canonical link is the address of the language the page is shown in,
without tracking or filter parameters: only the page number is kept.

JSON-LD
-------
Each builder returns a plain dict; templates emit it with ``json_script``
(``shop.apps.core.templatetags.seo``), which escapes ``<``, ``>`` and ``&``,
so an artisan's or a product's text cannot close the script element.
"""

import html
import re
from decimal import Decimal
from urllib.parse import urlencode

import nh3
from django.conf import settings
from django.utils.translation import get_language

from .links import absolute_url

LANGUAGE_PARAMETER = "lang"
# Query parameters a canonical address keeps: which page of a list it is.
CANONICAL_PARAMETERS = ("page",)
DESCRIPTION_LENGTH = 160
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def absolute(path_or_url):
    """``path_or_url`` on the public host; absolute URLs are left as they are."""
    if not path_or_url:
        return ""
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    if path_or_url.startswith("//"):
        return f"{settings.SITE_SCHEME}:{path_or_url}"
    return absolute_url(path_or_url)


def current_language():
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def page_parameters(request):
    """The query parameters a canonical address keeps (a page number > 1)."""
    kept = {}
    for name in CANONICAL_PARAMETERS:
        value = request.GET.get(name, "")
        # isdigit() is also true of "²", which int() refuses.
        if value.isascii() and value.isdigit() and int(value) > 1:
            kept[name] = int(value)
    return kept


def language_url(request, language, path=None):
    """The absolute address of this page (or ``path``) in ``language``."""
    parameters = page_parameters(request) if path is None else {}
    if language != settings.LANGUAGE_CODE:
        parameters[LANGUAGE_PARAMETER] = language
    query = f"?{urlencode(parameters)}" if parameters else ""
    return absolute((path if path is not None else request.path) + query)


def canonical_url(request):
    return language_url(request, current_language())


def alternate_urls(request):
    """``[(hreflang, url), ...]``: each language, then ``x-default``."""
    urls = [(code, language_url(request, code)) for code, _name in settings.LANGUAGES]
    urls.append(("x-default", language_url(request, settings.LANGUAGE_CODE)))
    return urls


def og_locales():
    """The page's Open Graph locale and the other languages' ones."""
    language = current_language()
    return OG_LOCALES[language], [
        locale for code, locale in OG_LOCALES.items() if code != language
    ]


def meta_description(text, length=DESCRIPTION_LENGTH):
    """Plain text for a meta description: whole sentences up to ``length``
    characters (the first sentence is always kept, cut at a word if long).

    ``text`` may be rendered template text: tags go, entities are decoded
    (the template escapes the result once)."""
    text = plain_text(text)
    if len(text) <= length:
        return text
    kept = ""
    for sentence in SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > length:
            break
        kept = candidate
    if kept:
        return kept
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# Paragraphs, lines and list items end words: a space goes before each.
BLOCK_TAG = re.compile(r"<(?:br|/?(?:p|div|li|h[1-6]|tr|td|th))\b", re.IGNORECASE)


def plain_text(text):
    """The words a reader sees in ``text`` (HTML as typed or rendered):
    tags go with the content of scripts and styles (which strip_tags would
    keep as words), entities are decoded, runs of spaces become one."""
    spaced = BLOCK_TAG.sub(r" \g<0>", str(text or ""))
    visible = nh3.clean(spaced, tags=set())
    return " ".join(html.unescape(visible).split())


def first_sentence(text):
    """The first sentence of ``text`` (HTML stripped)."""
    text = plain_text(text)
    return SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


# JSON-LD
# -------


def money(amount):
    """A price as schema.org wants it: a string with two decimals ("4.80")."""
    return str(Decimal(amount).quantize(Decimal("0.01")))


def breadcrumb_list(items):
    """``BreadcrumbList`` of ``[(name, path), ...]``, positions from 1."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute(path),
            }
            for position, (name, path) in enumerate(items, start=1)
        ],
    }


def postal_address(place):
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    for key, value in (
        ("streetAddress", place.address),
        ("postalCode", place.postcode),
        ("addressLocality", place.commune),
    ):
        if value:
            address[key] = value
    return address


def geo(place):
    if place.latitude is None or place.longitude is None:
        return None
    return {
        "@type": "GeoCoordinates",
        "latitude": float(place.latitude),
        "longitude": float(place.longitude),
    }


def vendor_image(vendor):
    for image in (vendor.banner, vendor.logo):
        if image:
            return absolute(image.url)
    return None


def seller(vendor):
    """The artisan as the seller of an offer: a short ``LocalBusiness``."""
    return {
        "@type": "LocalBusiness",
        "name": vendor.name,
        "url": absolute(vendor.get_absolute_url()),
        "address": postal_address(vendor),
    }


def local_business(vendor, rating=None):
    """An artisan's e-boutique as a ``LocalBusiness``.

    ``openingHours`` is the artisan's own text, on one line, when known
    (schema.org accepts text there; nothing is invented from it).
    """
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "@id": absolute(vendor.get_absolute_url()) + "#business",
        "name": vendor.name,
        "url": absolute(vendor.get_absolute_url()),
        "address": postal_address(vendor),
    }
    if vendor.description:
        data["description"] = meta_description(vendor.description, 300)
    if vendor.metier:
        data["knowsAbout"] = vendor.metier
    coordinates = geo(vendor)
    if coordinates:
        data["geo"] = coordinates
    image = vendor_image(vendor)
    if image:
        data["image"] = image
    if vendor.logo:
        data["logo"] = absolute(vendor.logo.url)
    if vendor.phone:
        data["telephone"] = vendor.phone
    hours = " ".join(vendor.opening_hours.split())
    if hours:
        data["openingHours"] = hours
    if rating and rating.get("count"):
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(float(rating["average"]), 1),
            "reviewCount": rating["count"],
            "bestRating": 5,
            "worstRating": 1,
        }
    return data


def product_data(product, purchase_info, vendor=None, image_url=None):
    """A product and its offer, as the product page shows them."""
    url = absolute(product.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "@id": url + "#product",
        "name": product.get_title(),
        "url": url,
    }
    description = first_sentence(product.description) or product.get_meta_description()
    if description:
        data["description"] = meta_description(description, 300)
    if image_url:
        data["image"] = [absolute(image_url)]
    stockrecord = purchase_info.stockrecord if purchase_info else None
    if stockrecord is not None and stockrecord.partner_sku:
        data["sku"] = stockrecord.partner_sku
    if product.upc:
        # A real barcode is a GTIN; the artisans' own references are not.
        is_gtin = product.upc.isdigit() and len(product.upc) in (8, 12, 13, 14)
        data["gtin" if is_gtin else "mpn"] = product.upc
    if vendor is not None:
        data["brand"] = {"@type": "Brand", "name": vendor.name}
    price = purchase_info.price if purchase_info else None
    if price is not None and price.exists and price.is_tax_known:
        available = purchase_info.availability.is_available_to_buy
        offer = {
            "@type": "Offer",
            "url": url,
            "price": money(price.incl_tax),
            "priceCurrency": price.currency or settings.OSCAR_DEFAULT_CURRENCY,
            "availability": "https://schema.org/"
            + ("InStock" if available else "OutOfStock"),
            "itemCondition": "https://schema.org/NewCondition",
        }
        if vendor is not None:
            offer["seller"] = seller(vendor)
        data["offers"] = offer
    if product.num_approved_reviews and product.rating is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(float(product.rating), 1),
            "reviewCount": product.num_approved_reviews,
            "bestRating": 5,
            "worstRating": 1,
        }
    return data


def website(search_path, name):
    """The marketplace as ``WebSite`` (with its search) and ``Organization``."""
    home = absolute("/")
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "WebSite",
                "@id": home + "#website",
                "name": name,
                "url": home,
                "inLanguage": ["fr", "en"],
                "publisher": {"@id": home + "#organization"},
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": absolute(search_path)
                        + "?q={search_term_string}",
                    },
                    "query-input": "required name=search_term_string",
                },
            },
            {
                "@type": "Organization",
                "@id": home + "#organization",
                "name": name,
                "url": home,
                "logo": absolute(settings.STATIC_URL + "img/seo/og-default.png"),
            },
        ],
    }
