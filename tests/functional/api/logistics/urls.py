"""The site's URLs with the logistics API mounted, until the API's own
``/api/v1/`` skeleton includes it."""

from django.urls import include, path

from shop.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("api/v1/logistics/", include("delivery.api.logistics_urls")),
    *site_urlpatterns,
]
