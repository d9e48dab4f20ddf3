"""The second-factor pages, mounted at /boutique/accounts/double-authentification/."""

from django.urls import path

from . import views

app_name = "second-factor"

urlpatterns = [
    path("", views.SecondFactorVerifyView.as_view(), name="verify"),
    path("activer/", views.SecondFactorSetupView.as_view(), name="setup"),
]
