"""The artisan's API, mounted at /api/v1/artisan/ (namespace ``api-artisan``)."""

from django.urls import path

from . import artisan as views

app_name = "api-artisan"

urlpatterns = [
    path("products/", views.ProductListView.as_view(), name="product-list"),
    path(
        "products/<int:pk>/", views.ProductDetailView.as_view(), name="product-detail"
    ),
    path("products/<int:pk>/stock/", views.StockView.as_view(), name="product-stock"),
    path(
        "products/<int:pk>/images/",
        views.ProductImagesView.as_view(),
        name="product-images",
    ),
    path("orders/", views.OrderListView.as_view(), name="order-list"),
    path("orders/<str:number>/", views.OrderDetailView.as_view(), name="order-detail"),
    path(
        "orders/<str:number>/steps/", views.OrderStepView.as_view(), name="order-step"
    ),
    path("payouts/", views.PayoutListView.as_view(), name="payout-list"),
    path("invoices/", views.InvoiceListView.as_view(), name="invoice-list"),
    path(
        "invoices/<int:pk>/", views.InvoiceDetailView.as_view(), name="invoice-detail"
    ),
    path(
        "invoices/<int:pk>/pdf/",
        views.DocumentPdfView.as_view(kind="invoice"),
        name="invoice-pdf",
    ),
    path("credit-notes/", views.CreditNoteListView.as_view(), name="credit-note-list"),
    path(
        "credit-notes/<int:pk>/",
        views.CreditNoteDetailView.as_view(),
        name="credit-note-detail",
    ),
    path(
        "credit-notes/<int:pk>/pdf/",
        views.DocumentPdfView.as_view(kind="credit_note"),
        name="credit-note-pdf",
    ),
]
