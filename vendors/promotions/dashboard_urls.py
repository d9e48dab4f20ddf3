"""Chamber staff's promotion pages, mounted at /boutique/dashboard/promotions/."""

from django.urls import path

from . import dashboard_views

app_name = "promotions-dashboard"

urlpatterns = [
    path("", dashboard_views.OfferFundingListView.as_view(), name="offer-list"),
    path(
        "offres/<int:pk>/financement/",
        dashboard_views.OfferFundingView.as_view(),
        name="offer-funding",
    ),
    path("financeurs/", dashboard_views.FunderReportView.as_view(), name="report"),
]
