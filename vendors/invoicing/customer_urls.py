"""A customer's invoices and credit notes, mounted at /boutique/accounts/factures/."""

from django.urls import path

from . import views

app_name = "invoicing-customer"

urlpatterns = [
    path(
        "<int:pk>/",
        views.CustomerDocumentPageView.as_view(kind="invoice"),
        name="invoice-detail",
    ),
    path(
        "<int:pk>/pdf/",
        views.CustomerDocumentPdfView.as_view(kind="invoice"),
        name="invoice-pdf",
    ),
    path(
        "avoirs/<int:pk>/",
        views.CustomerDocumentPageView.as_view(kind="credit_note"),
        name="credit-note-detail",
    ),
    path(
        "avoirs/<int:pk>/pdf/",
        views.CustomerDocumentPdfView.as_view(kind="credit_note"),
        name="credit-note-pdf",
    ),
]
