"""Chamber staff's view of payouts, mounted at /boutique/dashboard/paiements/."""

from django.urls import path

from . import dashboard_views

app_name = "payments-dashboard"

urlpatterns = [
    path("", dashboard_views.StaffLedgerView.as_view(), name="ledger"),
    path(
        "commandes/<str:number>/remboursement/",
        dashboard_views.StaffRefundView.as_view(),
        name="refund",
    ),
    path(
        "commandes/<str:number>/remboursement-au-retrait/",
        dashboard_views.StaffPickupRefundView.as_view(),
        name="refund-at-pickup",
    ),
]
