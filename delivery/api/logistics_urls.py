"""The logistics scanner's API, mounted at /api/v1/logistics/."""

from django.urls import path

from . import logistics

app_name = "logistics-api"

urlpatterns = [
    path("points/", logistics.PointListView.as_view(), name="points"),
    path(
        "points/<slug:slug>/manifest/",
        logistics.ManifestView.as_view(),
        name="manifest",
    ),
    path(
        "points/<slug:slug>/parcels/<int:id>/check-in/",
        logistics.CheckInView.as_view(),
        name="check-in",
    ),
    path(
        "points/<slug:slug>/hand-over/",
        logistics.HandOverView.as_view(),
        name="hand-over",
    ),
]
