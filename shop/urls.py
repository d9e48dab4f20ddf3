"""URL map of the marketplace (the public contract is in DESIGN.md)."""

import re

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from shop.apps.core import media, seo_views
from shop.apps.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("livez", core_views.livez, name="livez"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", seo_views.robots_txt, name="robots-txt"),
    path("sitemap.xml", seo_views.sitemap_index, name="sitemap-index"),
    path(
        "sitemap-<slug:section>.xml", seo_views.sitemap_section, name="sitemap-section"
    ),
    # The person's data and account deletion, in the account area and the
    # back office; before Oscar's URLs (they take over its profile deletion).
    path("", include("shop.apps.core.privacy.urls")),
    path("artisans/", include("vendors.urls")),
    path("espace-artisan/", include("vendors.backoffice.urls")),
    path("logistique/", include("delivery.urls")),
    # Before Oscar's URLs so that this part of the staff dashboard is ours.
    path(
        "boutique/dashboard/artisans/reglements/",
        include("vendors.settlements.dashboard_urls"),
    ),
    path("boutique/dashboard/artisans/", include("vendors.dashboard.urls")),
    path("boutique/dashboard/paiements/", include("shop.apps.payment.dashboard_urls")),
    path(
        "boutique/dashboard/promotions/",
        include("vendors.promotions.dashboard_urls"),
    ),
    path(
        "boutique/dashboard/declarations/",
        include("vendors.declarations.dashboard_urls"),
    ),
    path("boutique/dashboard/factures/", include("vendors.invoicing.dashboard_urls")),
    # A customer's invoices, before Oscar's account URLs.
    path("boutique/accounts/factures/", include("vendors.invoicing.customer_urls")),
    # A customer's API tokens, before Oscar's account URLs.
    path("boutique/accounts/api/", include("shop.apps.api.consumer_tokens")),
    # The REST API: /api/v1/, its schema and docs (shop/apps/api/urls.py).
    path("api/", include("shop.apps.api.urls")),
    path("stripe/", include("shop.apps.payment.urls")),
    path(
        "boutique/accounts/double-authentification/",
        include("shop.apps.core.accounts.urls"),
    ),
    # Registering never says whether the address has an account; before
    # Oscar's URLs (they take over its registration and login pages).
    path(
        "boutique/accounts/",
        include("shop.apps.core.accounts.registration_urls"),
    ),
    path("boutique/", include(apps.get_app_config("oscar").urls[0])),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("django-admin/", admin.site.urls),
]

# Uploaded media in development (``make run``, DEBUG off there too: see
# shop/settings/local.py); nginx or S3 in production.
if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", media.serve_media)]

# Wagtail serves everything else, starting with the home page at "/".
urlpatterns += [path("", include(wagtail_urls))]

# The shop's own error pages, in the visitor's language (shop/apps/core/errors.py).
handler403 = "shop.apps.core.errors.permission_denied"
handler404 = "shop.apps.core.errors.page_not_found"
handler500 = "shop.apps.core.errors.server_error"
