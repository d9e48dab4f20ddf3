"""Delivery and pickup options of the back office."""

from django.urls import path

from . import views_fulfilment

urlpatterns = [
    path("", views_fulfilment.FulfilmentSettingsView.as_view(), name="fulfilment"),
]
