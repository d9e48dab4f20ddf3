"""The artisan's invoices and credit notes, mounted at /espace-artisan/factures/
(in the back office's namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.ArtisanDocumentListView.as_view(), name="invoice-list"),
    path(
        "numerotation/",
        views.NumberPrefixView.as_view(),
        name="invoice-number-prefix",
    ),
    path(
        "<int:pk>/",
        views.ArtisanDocumentPageView.as_view(kind="invoice"),
        name="invoice-detail",
    ),
    path(
        "<int:pk>/pdf/",
        views.ArtisanDocumentPdfView.as_view(kind="invoice"),
        name="invoice-pdf",
    ),
    path(
        "avoirs/<int:pk>/",
        views.ArtisanDocumentPageView.as_view(kind="credit_note"),
        name="credit-note-detail",
    ),
    path(
        "avoirs/<int:pk>/pdf/",
        views.ArtisanDocumentPdfView.as_view(kind="credit_note"),
        name="credit-note-pdf",
    ),
]
