"""The artisan's payouts in the back office, mounted at /espace-artisan/paiements/."""

from django.urls import path

from . import backoffice_views

urlpatterns = [
    path("", backoffice_views.PayoutLedgerView.as_view(), name="payout-ledger"),
    path(
        "commandes/<str:number>/remboursement/",
        backoffice_views.VendorOrderRefundView.as_view(),
        name="vendor-order-refund",
    ),
]
