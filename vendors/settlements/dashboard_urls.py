"""Staff's pages of the monthly statements, mounted at
/boutique/dashboard/artisans/reglements/."""

from django.urls import path

from . import views

app_name = "settlements-dashboard"

urlpatterns = [
    path("", views.MonthlyReportView.as_view(), name="report"),
    path("construire/", views.BuildMonthView.as_view(), name="build"),
    path(
        "factures/<int:pk>/pdf/",
        views.StaffInvoicePDFView.as_view(),
        name="invoice-pdf",
    ),
    path(
        "<int:year>-<int:month>/factures.zip",
        views.MonthInvoicesZipView.as_view(),
        name="invoices-zip",
    ),
    path(
        "encaissements/<int:pk>/",
        views.StaffSettlementView.as_view(),
        name="settlement",
    ),
    path(
        "encaissements/<int:pk>/regler/",
        views.SettleView.as_view(),
        name="settle",
    ),
]
