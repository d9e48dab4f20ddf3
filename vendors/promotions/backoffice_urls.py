"""The artisan's promotions, mounted at /espace-artisan/promotions/."""

from django.urls import path

from . import backoffice_views as views

urlpatterns = [
    path("", views.ShopPromotionListView.as_view(), name="promotion-list"),
    path("nouvelle/", views.ShopPromotionCreateView.as_view(), name="promotion-create"),
    path("<int:pk>/", views.ShopPromotionUpdateView.as_view(), name="promotion-update"),
    path("<int:pk>/fin/", views.ShopPromotionEndView.as_view(), name="promotion-end"),
]
