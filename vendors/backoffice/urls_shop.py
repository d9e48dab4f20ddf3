"""Overview, orders, shop settings and team of the back office."""

from django.urls import path

from . import views_shop

urlpatterns = [
    path("", views_shop.OverviewView.as_view(), name="overview"),
    path("commandes/", views_shop.OrderListView.as_view(), name="order-list"),
    path(
        "commandes/<str:number>/",
        views_shop.OrderDetailView.as_view(),
        name="order-detail",
    ),
    path(
        "commandes/<str:number>/etape/<slug:action>/",
        views_shop.OrderStepView.as_view(),
        name="order-step",
    ),
    path("boutique/", views_shop.ShopSettingsView.as_view(), name="settings"),
    path("equipe/", views_shop.TeamView.as_view(), name="team"),
    path(
        "equipe/<int:pk>/retirer/",
        views_shop.TeamMemberRemoveView.as_view(),
        name="team-remove",
    ),
    path(
        "equipe/invitations/<int:pk>/retirer/",
        views_shop.TeamInvitationRevokeView.as_view(),
        name="team-invitation-revoke",
    ),
    path(
        "invitation/<str:token>/",
        views_shop.TeamInvitationAnswerView.as_view(),
        name="team-invitation",
    ),
    path(
        "securite/",
        views_shop.SecondFactorSettingsView.as_view(),
        name="security",
    ),
]
