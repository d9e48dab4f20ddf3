"""The logistics console, mounted at /logistique/."""

from django.urls import path

from . import views

app_name = "logistics"

urlpatterns = [
    path("", views.ConsoleHomeView.as_view(), name="home"),
    path("<slug:slug>/", views.ManifestView.as_view(), name="manifest"),
    path("<slug:slug>/remise/", views.HandOverView.as_view(), name="hand-over"),
    path("<slug:slug>/encaissements/", views.TakingsView.as_view(), name="takings"),
    path(
        "<slug:slug>/colis/<int:pk>/reception/",
        views.CheckInView.as_view(),
        name="check-in",
    ),
]
