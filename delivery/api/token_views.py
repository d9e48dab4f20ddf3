"""The logistics staff's page of API tokens, for the scanner app: make one
(shown once), list, revoke. Like the customer's page, for tokens of kind
``logistics`` acting on the points the account runs."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views import generic

from delivery.views import LogisticsRequiredMixin
from shop.apps.api.consumer_tokens import CustomerTokenForm, CustomerTokensView
from shop.apps.api.models import PersonalAccessToken, Scope, TokenKind


class LogisticsTokenForm(CustomerTokenForm):
    can_write = forms.BooleanField(
        label=_("Also check parcels in and hand them over"),
        required=False,
        initial=True,
        help_text=_("Without it, the token only reads the points' manifests."),
    )


def logistics_tokens(user):
    return PersonalAccessToken.objects.filter(user=user, kind=TokenKind.LOGISTICS)


class LogisticsTokensView(LogisticsRequiredMixin, CustomerTokensView):
    """List the account's scanner tokens; a new one's secret is shown once."""

    template_name = "delivery/console/api_tokens.html"
    form_class = LogisticsTokenForm

    def tokens(self):
        return logistics_tokens(self.request.user)

    def issue(self, form):
        scopes = [Scope.LOGISTICS_READ]
        if form.cleaned_data["can_write"]:
            scopes.append(Scope.LOGISTICS_WRITE)
        return PersonalAccessToken.issue(
            self.request.user,
            TokenKind.LOGISTICS,
            form.cleaned_data["name"],
            scopes,
            expires_at=form.expires_at(),
        )


class RevokeLogisticsTokenView(LogisticsRequiredMixin, generic.View):
    """Revoke one of the account's own scanner tokens (another's: 404)."""

    def post(self, request, pk):
        token = get_object_or_404(logistics_tokens(request.user), pk=pk)
        token.revoke()
        messages.success(
            request, _("The token “%(name)s” is revoked.") % {"name": token.name}
        )
        return redirect("logistics:api-tokens")


urlpatterns = [
    path("jetons-api/", LogisticsTokensView.as_view(), name="api-tokens"),
    path(
        "jetons-api/<int:pk>/revoquer/",
        RevokeLogisticsTokenView.as_view(),
        name="api-token-revoke",
    ),
]
