"""The artisan's webhooks, mounted at /espace-artisan/webhooks/."""

from django.urls import path

from . import backoffice_views as views

urlpatterns = [
    path("", views.EndpointListView.as_view(), name="webhook-list"),
    path("nouveau/", views.EndpointCreateView.as_view(), name="webhook-create"),
    path("<int:pk>/", views.EndpointDetailView.as_view(), name="webhook-detail"),
    path(
        "<int:pk>/modifier/", views.EndpointUpdateView.as_view(), name="webhook-update"
    ),
    path(
        "<int:pk>/secret/",
        views.EndpointRotateSecretView.as_view(),
        name="webhook-rotate-secret",
    ),
    path(
        "<int:pk>/supprimer/", views.EndpointDeleteView.as_view(), name="webhook-delete"
    ),
]
