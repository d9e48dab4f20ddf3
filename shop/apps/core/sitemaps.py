"""sitemap.xml: what a visitor can buy or read, and nothing else.

- products on sale: the catalogue's own list (``DatabaseSearchBackend.products``:
  public, sold by an approved artisan who is not on vacation), priced and in
  stock;
- the e-boutiques of approved artisans (a suspended one keeps its page with a
  notice, but is not offered to search engines);
- public categories;
- live, public Wagtail pages (wagtail.contrib.sitemaps).

Every address is on the public host (SITE_SCHEME and the current Site's
domain, as ``shop.apps.core.links``), so it matches the pages' canonical links.
Django paginates each section by ``limit`` and the index lists the pages.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from oscar.core.loading import get_model
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from search.backends.database import DatabaseSearchBackend
from vendors.models import Vendor

from .seo import absolute

Category = get_model("catalogue", "Category")


class PublicHostMixin:
    limit = 5000

    @property
    def protocol(self):
        return settings.SITE_SCHEME


class ProductSitemap(PublicHostMixin, Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return (
            DatabaseSearchBackend()
            .products()
            .filter(price__isnull=False, stocked=True)
            .only("id", "slug", "date_updated")
            .order_by("id")
        )

    def lastmod(self, product):
        return product.date_updated


class StorefrontSitemap(PublicHostMixin, Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Vendor.objects.approved().only("id", "slug", "updated_at").order_by("id")

    def lastmod(self, vendor):
        return vendor.updated_at


class CategorySitemap(PublicHostMixin, Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        # The category's newest product change, or none: one query for all.
        categories = list(
            Category.objects.browsable()
            .annotate(last_product_change=Max("product__date_updated"))
            .order_by("path")
        )
        # Each address from its parent's slug (listed before it, being public
        # too), not from a query for its ancestors per category.
        slugs = {}
        for category in categories:
            parent_slug = slugs.get(category.path[: -Category.steplen])
            category.url = category._get_absolute_url(parent_slug=parent_slug)
            slugs[category.path] = category.get_full_slug(parent_slug=parent_slug)
        return categories

    def location(self, category):
        return category.url

    def lastmod(self, category):
        return category.last_product_change


class PageSitemap(PublicHostMixin, WagtailSitemap):
    """Wagtail's live public pages, on the public host rather than the
    Wagtail site's host name."""

    priority = 0.5

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            parts = urlsplit(url["location"])
            query = f"?{parts.query}" if parts.query else ""
            url["location"] = absolute(parts.path + query)
        return urls


SITEMAPS = {
    "pages": PageSitemap,
    "artisans": StorefrontSitemap,
    "categories": CategorySitemap,
    "products": ProductSitemap,
}
