"""Addresses of the person's data, mounted at the root before Oscar's.

``boutique/accounts/profile/delete/`` is Oscar's own address for deleting a
profile (``customer:profile-delete``): served here first, it anonymises the
orders instead of leaving them with the person's particulars, as Oscar's
view, which only deletes the user, would.
"""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path(
        "boutique/accounts/mes-donnees/",
        views.PersonalDataView.as_view(),
        name="account-data",
    ),
    path(
        "boutique/accounts/mes-donnees/telecharger/",
        views.PersonalDataDownloadView.as_view(),
        name="export",
    ),
    path(
        "boutique/accounts/profile/delete/",
        views.AccountDeleteView.as_view(),
        name="delete",
    ),
    path("espace-artisan/donnees/", views.ShopDataView.as_view(), name="shop-data"),
]
