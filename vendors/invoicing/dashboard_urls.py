"""Invoices and credit notes for chamber staff, mounted at
/boutique/dashboard/factures/."""

from django.urls import path

from . import views

app_name = "invoicing-dashboard"

urlpatterns = [
    path(
        "<int:pk>/",
        views.StaffDocumentPageView.as_view(kind="invoice"),
        name="invoice-detail",
    ),
    path(
        "<int:pk>/pdf/",
        views.StaffDocumentPdfView.as_view(kind="invoice"),
        name="invoice-pdf",
    ),
    path(
        "avoirs/<int:pk>/",
        views.StaffDocumentPageView.as_view(kind="credit_note"),
        name="credit-note-detail",
    ),
    path(
        "avoirs/<int:pk>/pdf/",
        views.StaffDocumentPdfView.as_view(kind="credit_note"),
        name="credit-note-pdf",
    ),
]
