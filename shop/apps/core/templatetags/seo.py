"""Template tags for the page's head: capture a block's text, the canonical
and alternate links, and schema.org JSON-LD (see ``shop.apps.core.seo``)."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from shop.apps.core import seo
from shop.apps.partner.strategy import vendor_of

register = template.Library()

# The escapes of Django's json_script: the text cannot end the script
# element nor open a comment, whatever a title or a story contains.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Rendered (hence escaped) template text: safe as it is.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    """``{% capture name %}...{% endcapture %}``: the rendered text, kept in
    ``name`` for the rest of the template (a block's text used twice)."""
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("capture takes one name") from None
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, name)


@register.filter
def meta_description(text):
    return seo.meta_description(text)


@register.simple_tag(takes_context=True)
def seo_links(context):
    """Canonical, alternates and Open Graph locales of the current page."""
    request = context.get("request")
    if request is None:
        return {}
    locale, alternate_locales = seo.og_locales()
    return {
        "canonical": seo.canonical_url(request),
        "alternates": seo.alternate_urls(request),
        "og_locale": locale,
        "og_alternate_locales": alternate_locales,
        "default_image": seo.absolute(settings.STATIC_URL + "img/seo/og-default.png"),
    }


@register.filter
def absolute(path):
    return seo.absolute(str(path or ""))


def ld_json(*documents):
    """``<script type="application/ld+json">`` for each document, escaped as
    json_script escapes (json_script itself only writes application/json)."""
    return mark_safe(
        "".join(
            format_html(
                '<script type="application/ld+json">{}</script>',
                mark_safe(
                    json.dumps(
                        document, cls=DjangoJSONEncoder, ensure_ascii=False
                    ).translate(JSON_SCRIPT_ESCAPES)
                ),
            )
            for document in documents
            if document
        )
    )


def home_path():
    return "/"


def product_image_url(product):
    image = product.primary_image()
    if isinstance(image, dict):
        return None
    return image.original.url if image.original else None


@register.simple_tag
def og_image_url(obj):
    """The picture a link preview shows: a product's first image, an
    artisan's banner or logo; empty for the site's default picture."""
    from vendors.models import Vendor

    if isinstance(obj, Vendor):
        return seo.vendor_image(obj) or ""
    url = product_image_url(obj)
    return seo.absolute(url) if url else ""


def category_items(category):
    return [(c.name, c.get_absolute_url()) for c in category.get_ancestors_and_self()]


@register.simple_tag(takes_context=True)
def product_jsonld(context, product):
    """``Product`` with its ``Offer``, and its ``BreadcrumbList``."""
    request = context["request"]
    purchase_info = request.strategy.fetch_for_product(product)
    vendor = vendor_of(purchase_info.stockrecord) if purchase_info.stockrecord else None
    data = seo.product_data(
        product, purchase_info, vendor=vendor, image_url=product_image_url(product)
    )
    items = [(_("Home"), home_path())]
    category = product.get_categories().first()
    if category is not None:
        items += category_items(category)
    items.append((product.get_title(), product.get_absolute_url()))
    return ld_json(data, seo.breadcrumb_list(items))


@register.simple_tag
def category_jsonld(category):
    """A category page's ``BreadcrumbList``."""
    return ld_json(
        seo.breadcrumb_list([(_("Home"), home_path()), *category_items(category)])
    )


@register.simple_tag
def storefront_jsonld(vendor, rating=None):
    """An e-boutique's ``LocalBusiness`` and its ``BreadcrumbList``."""
    try:
        directory = reverse("vendors:directory")
    except NoReverseMatch:
        directory = None
    items = [(_("Home"), home_path())]
    if directory:
        items.append((_("Our artisans"), directory))
    items.append((vendor.name, vendor.get_absolute_url()))
    return ld_json(seo.local_business(vendor, rating), seo.breadcrumb_list(items))


@register.simple_tag
def website_jsonld():
    """The home page's ``WebSite`` (with its search) and ``Organization``."""
    return ld_json(seo.website(reverse("search:search"), settings.OSCAR_SHOP_NAME))
