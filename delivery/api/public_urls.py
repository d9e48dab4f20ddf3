"""Public API: pickup points and their free slots, under /api/v1/pickup-points/."""

from django.urls import path

from . import public

app_name = "pickup-api"

urlpatterns = [
    path("pickup-points/", public.PickupPointListView.as_view(), name="points"),
    path(
        "pickup-points/<slug:slug>/",
        public.PickupPointDetailView.as_view(),
        name="point",
    ),
    path(
        "pickup-points/<slug:slug>/slots/",
        public.FreeSlotListView.as_view(),
        name="slots",
    ),
]
