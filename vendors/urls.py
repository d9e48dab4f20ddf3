"""Public pages of the artisans: directory, e-boutiques, application form."""

from django.urls import path

from . import views

app_name = "vendors"

# Paths below /artisans/ that a storefront slug would never reach: a shop must
# not get one of these slugs (see vendors.actions.review.unique_vendor_slug).
RESERVED_STOREFRONT_SLUGS = frozenset({"rejoindre"})

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    # Before the storefronts, which would otherwise catch it.
    path("rejoindre/", views.JoinView.as_view(), name="join"),
    path("rejoindre/merci/", views.JoinDoneView.as_view(), name="join-done"),
    path("<slug:slug>/", views.StorefrontView.as_view(), name="storefront"),
]
