"""The site's URLs with the customer's API mounted at /api/v1/me/, as
``shop/apps/api/urls.py`` includes it."""

from django.urls import include, path

from shop.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("api/v1/me/", include("shop.apps.api.consumer_urls")),
    *site_urlpatterns,
]
