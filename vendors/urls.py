"""Public pages of the artisans: directory, e-boutiques, application form."""

from django.urls import path

from . import views

app_name = "vendors"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    # Before the storefronts, which would otherwise catch it.
    path("rejoindre/", views.JoinView.as_view(), name="join"),
    path("rejoindre/merci/", views.JoinDoneView.as_view(), name="join-done"),
    path(
        "communes/",
        views.CommuneSuggestionsView.as_view(),
        name="commune-suggestions",
    ),
    path("<slug:slug>/", views.StorefrontView.as_view(), name="storefront"),
]
