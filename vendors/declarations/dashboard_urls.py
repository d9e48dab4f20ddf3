"""Chamber staff's declarations, mounted at /boutique/dashboard/declarations/."""

from django.urls import path

from . import dashboard_views

app_name = "declarations-dashboard"

urlpatterns = [
    path("dac7/", dashboard_views.Dac7ExportView.as_view(), name="dac7"),
]
