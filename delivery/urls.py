"""The logistics console, mounted at /logistique/."""

from django.urls import path

from . import views
from .api.token_views import urlpatterns as api_token_urlpatterns

app_name = "logistics"

urlpatterns = [
    path("", views.ConsoleHomeView.as_view(), name="home"),
    # Before the points' pages, whose slugs would take these addresses.
    *api_token_urlpatterns,
    path("<slug:slug>/", views.ManifestView.as_view(), name="manifest"),
    path("<slug:slug>/remise/", views.HandOverView.as_view(), name="hand-over"),
    path("<slug:slug>/encaissements/", views.TakingsView.as_view(), name="takings"),
    path(
        "<slug:slug>/colis/<int:pk>/reception/",
        views.CheckInView.as_view(),
        name="check-in",
    ),
]
