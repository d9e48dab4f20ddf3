"""The artisan's yearly statements, mounted at /espace-artisan/declarations/."""

from django.urls import path

from . import backoffice_views

urlpatterns = [
    path(
        "",
        backoffice_views.YearlyStatementListView.as_view(),
        name="yearly-statement-list",
    ),
    path(
        "<int:pk>/",
        backoffice_views.YearlyStatementDetailView.as_view(),
        name="yearly-statement",
    ),
]
