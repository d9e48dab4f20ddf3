"""The artisan's statements in the back office, at /espace-artisan/releves/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.StatementListView.as_view(), name="settlement-statements"),
    path(
        "commission/<int:pk>/",
        views.CommissionStatementView.as_view(),
        name="commission-statement",
    ),
    path(
        "commission/factures/<int:pk>/pdf/",
        views.InvoicePDFView.as_view(),
        name="commission-invoice-pdf",
    ),
    path(
        "encaissements/<int:pk>/",
        views.SettlementView.as_view(),
        name="settlement-statement",
    ),
]
