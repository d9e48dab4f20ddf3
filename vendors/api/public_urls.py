"""Public API: the artisans' directory, under /api/v1/artisans/."""

from django.urls import path

from . import public

app_name = "artisans-api"

urlpatterns = [
    path("artisans/", public.ArtisanListView.as_view(), name="artisans"),
    path("artisans/<slug:slug>/", public.ArtisanDetailView.as_view(), name="artisan"),
    path(
        "artisans/<slug:slug>/products/",
        public.ArtisanProductListView.as_view(),
        name="artisan-products",
    ),
]
