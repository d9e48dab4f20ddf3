"""Products, stock, images and CSV import of the back office."""

from django.urls import path

from . import views_catalogue as views

urlpatterns = [
    path("", views.ProductListView.as_view(), name="product-list"),
    path("nouveau/", views.ProductCreateView.as_view(), name="product-create"),
    path("<int:pk>/", views.ProductUpdateView.as_view(), name="product-update"),
    path(
        "<int:pk>/archiver/",
        views.ProductArchiveView.as_view(),
        name="product-archive",
    ),
    path(
        "<int:pk>/desarchiver/",
        views.ProductUnarchiveView.as_view(),
        name="product-unarchive",
    ),
    path("stock/<int:pk>/", views.StockUpdateView.as_view(), name="product-stock"),
    path(
        "images/<int:pk>/supprimer/",
        views.ProductImageDeleteView.as_view(),
        name="product-image-delete",
    ),
    path("import/", views.ProductImportView.as_view(), name="product-import"),
    path(
        "import/<uuid:job_id>/",
        views.ProductImportStatusView.as_view(),
        name="product-import-status",
    ),
]
