"""Public API: products (search and facets) and categories, under /api/v1/."""

from django.urls import path

from . import api

app_name = "catalogue-api"

urlpatterns = [
    path("products/", api.ProductListView.as_view(), name="products"),
    path("products/<int:pk>/", api.ProductDetailView.as_view(), name="product"),
    path("categories/", api.CategoryListView.as_view(), name="categories"),
]
