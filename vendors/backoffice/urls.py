"""URLs of the artisan's back office, mounted at /espace-artisan/."""

from django.urls import include, path

app_name = "backoffice"

urlpatterns = [
    path("", include("vendors.backoffice.urls_shop")),
    path("produits/", include("vendors.backoffice.urls_catalogue")),
    path("retrait-livraison/", include("vendors.backoffice.urls_fulfilment")),
    path("paiements/", include("shop.apps.payment.backoffice_urls")),
    path("promotions/", include("vendors.promotions.backoffice_urls")),
    path("apprentissage/", include("cms.apprenticeship.backoffice_urls")),
    path("factures/", include("vendors.invoicing.backoffice_urls")),
    path("declarations/", include("vendors.declarations.backoffice_urls")),
    path("releves/", include("vendors.settlements.backoffice_urls")),
    path("webhooks/", include("vendors.webhooks.backoffice_urls")),
    path("api/", include("vendors.backoffice.urls_api")),
]
