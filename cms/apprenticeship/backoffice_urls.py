"""The artisan's apprenticeship offers, mounted at /espace-artisan/apprentissage/."""

from django.urls import path

from . import backoffice_views as views
from .models import OfferStatus

urlpatterns = [
    path("", views.OfferListView.as_view(), name="apprenticeship-list"),
    path("nouvelle/", views.OfferCreateView.as_view(), name="apprenticeship-create"),
    path("<int:pk>/", views.OfferUpdateView.as_view(), name="apprenticeship-update"),
    path(
        "<int:pk>/pourvue/",
        views.OfferStatusView.as_view(status=OfferStatus.FILLED),
        name="apprenticeship-fill",
    ),
    path(
        "<int:pk>/fermer/",
        views.OfferStatusView.as_view(status=OfferStatus.CLOSED),
        name="apprenticeship-close",
    ),
    path(
        "<int:pk>/rouvrir/",
        views.OfferStatusView.as_view(status=OfferStatus.OPEN),
        name="apprenticeship-reopen",
    ),
    path(
        "<int:pk>/candidatures/",
        views.ApplicationListView.as_view(),
        name="apprenticeship-applications",
    ),
    path(
        "candidature/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="apprenticeship-application",
    ),
    path(
        "candidature/<int:pk>/cv/",
        views.ApplicationCvView.as_view(),
        name="apprenticeship-cv",
    ),
]
