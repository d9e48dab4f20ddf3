"""robots.txt and sitemap.xml."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views

from .seo import absolute
from .sitemaps import SITEMAPS

# Pages that are nobody's search result: a visitor's basket, checkout and
# account, the artisans' and logistics' work areas, staff's dashboards, the
# CMS and the API. The API's reference (/api/docs/) is left open: it is the
# public documentation of the public API.
DISALLOWED_PATHS = [
    "/boutique/basket/",
    "/boutique/checkout/",
    "/boutique/accounts/",
    "/boutique/dashboard/",
    "/espace-artisan/",
    "/logistique/",
    "/cms-admin/",
    "/django-admin/",
    "/api/",
    "/i18n/",
    "/stripe/",
]
ALLOWED_PATHS = ["/api/docs/"]


@require_GET
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Allow: {path}" for path in ALLOWED_PATHS]
    lines += [f"Disallow: {path}" for path in DISALLOWED_PATHS]
    lines += ["", f"Sitemap: {absolute(reverse('sitemap-index'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def sitemap_index(request):
    return wagtail_sitemap_views.index(
        request, SITEMAPS, sitemap_url_name="sitemap-section"
    )


@require_GET
def sitemap_section(request, section):
    return wagtail_sitemap_views.sitemap(request, SITEMAPS, section=section)
