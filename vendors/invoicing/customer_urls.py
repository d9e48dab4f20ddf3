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
    # A guest's, from their order-status link.
    path(
        "commande/<str:order_number>/<str:hash>/<int:pk>/",
        views.GuestDocumentPageView.as_view(kind="invoice"),
        name="guest-invoice-detail",
    ),
    path(
        "commande/<str:order_number>/<str:hash>/<int:pk>/pdf/",
        views.GuestDocumentPdfView.as_view(kind="invoice"),
        name="guest-invoice-pdf",
    ),
    path(
        "commande/<str:order_number>/<str:hash>/avoirs/<int:pk>/",
        views.GuestDocumentPageView.as_view(kind="credit_note"),
        name="guest-credit-note-detail",
    ),
    path(
        "commande/<str:order_number>/<str:hash>/avoirs/<int:pk>/pdf/",
        views.GuestDocumentPdfView.as_view(kind="credit_note"),
        name="guest-credit-note-pdf",
    ),
]
