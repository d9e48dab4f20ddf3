"""The back office's API tokens: a team member makes tokens for their
programs (a till, a stock spreadsheet), each for this shop and with the scopes
they choose, sees a new token's secret once, and revokes them.

A member sees and revokes only their own tokens of this shop: another
member's, or another shop's, is not found (404). A token stops working as
soon as its owner leaves the team (the API's authentication checks it).
"""

import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from shop.apps.api.models import SCOPES_OF_KIND, PersonalAccessToken, Scope, TokenKind

from .mixins import VendorRequiredMixin

# The lifetimes offered, in days ("" is a token that does not expire).
EXPIRY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    ("", _("Never (revoke it when no longer used)")),
]


def artisan_scope_choices():
    """The scopes of an artisan's token, in the order of ``Scope``."""
    allowed = SCOPES_OF_KIND[TokenKind.ARTISAN]
    return [(scope.value, scope.label) for scope in Scope if scope in allowed]


class ArtisanTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “Shop till” or “Stock sheet”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"),
        choices=artisan_scope_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please tick at least one permission.")},
    )
    expires_in = forms.ChoiceField(
        label=_("Valid for"),
        choices=EXPIRY_CHOICES,
        initial="90",
        required=False,
        widget=forms.RadioSelect,
    )

    def expires_at(self):
        days = self.cleaned_data["expires_in"]
        if not days:
            return None
        return timezone.now() + datetime.timedelta(days=int(days))


def own_tokens(user, vendor):
    """``user``'s tokens for ``vendor``'s shop, newest first."""
    return PersonalAccessToken.objects.filter(
        user=user, vendor=vendor, kind=TokenKind.ARTISAN
    )


class TokenListView(VendorRequiredMixin, generic.FormView):
    """The member's tokens for this shop and the form to make one; a new
    token's secret is shown on the answer to its form, and never again."""

    template_name = "vendors/backoffice/api/list.html"
    form_class = ArtisanTokenForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = own_tokens(self.request.user, self.vendor)
        context["api_root"] = self.request.build_absolute_uri("/api/v1/artisan/")
        context["docs_url"] = self.request.build_absolute_uri("/api/docs/")
        return context

    def form_valid(self, form):
        token, secret = PersonalAccessToken.issue(
            self.request.user,
            TokenKind.ARTISAN,
            form.cleaned_data["name"],
            form.cleaned_data["scopes"],
            vendor=self.vendor,
            expires_at=form.expires_at(),
        )
        # Rendered, not redirected: the secret is kept nowhere, not even in
        # the session, and cannot be shown again.
        self.template_name = "vendors/backoffice/api/created.html"
        response = self.render_to_response(
            self.get_context_data(new_token=token, secret=secret)
        )
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(VendorRequiredMixin, generic.TemplateView):
    """Ask to confirm, then revoke one of the member's own tokens (POST)."""

    template_name = "vendors/backoffice/api/revoke.html"

    def get_token(self):
        return get_object_or_404(
            own_tokens(self.request.user, self.vendor).filter(revoked_at__isnull=True),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["token"] = self.get_token()
        return context

    def post(self, request, *args, **kwargs):
        token = self.get_token()
        token.revoke()
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer works.")
            % {"name": token.name},
        )
        return redirect("backoffice:api-token-list")
