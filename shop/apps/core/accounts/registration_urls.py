"""Registration pages, mounted at /boutique/accounts/ before Oscar's.

``register/`` and ``login/`` are Oscar's own addresses (``customer:register``
and ``customer:login``): served here first, registering there never says
whether the address already has an account.
"""

from django.urls import path

from . import registration

app_name = "registration"

urlpatterns = [
    path("login/", registration.AccountAuthView.as_view(), name="login"),
    path("register/", registration.AccountRegistrationView.as_view(), name="register"),
    path(
        "register/envoye/",
        registration.RegistrationSentView.as_view(),
        name="sent",
    ),
    path(
        "register/confirmer/<uidb64>/<token>/",
        registration.RegistrationConfirmView.as_view(),
        name="confirm",
    ),
]
