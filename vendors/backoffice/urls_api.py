"""The back office's API tokens, mounted at /espace-artisan/api/."""

from django.urls import path

from . import views_api as views

urlpatterns = [
    path("", views.TokenListView.as_view(), name="api-token-list"),
    path(
        "<int:pk>/revoquer/", views.TokenRevokeView.as_view(), name="api-token-revoke"
    ),
]
