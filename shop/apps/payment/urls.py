"""Stripe's URLs, mounted at /stripe/."""

from django.urls import path

from . import views

app_name = "stripe"

urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
    path("connect/", views.connect_onboarding, name="connect-onboarding"),
    path("connect/retour/", views.connect_return, name="connect-return"),
]
