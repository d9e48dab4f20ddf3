"""The customer's page of API tokens: make one (shown once), list, revoke.

A customer's token (kind ``consumer``, scope ``consumer``) lets an app act for
them on ``/api/v1/me/``: their basket, checkout paying at pickup, and orders.
"""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class

from .models import PersonalAccessToken, Scope, TokenKind

PageTitleMixin = get_class("customer.mixins", "PageTitleMixin")

# The longest a customer's token may live, and what the form suggests.
MAX_DAYS = 366
DEFAULT_DAYS = 90


class CustomerTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("What the token is for, e.g. “My phone”."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        help_text=_(
            "The token stops working at the end of this day (one year at most)."
        ),
    )

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("Please choose a day from today on."))
        if day > today + datetime.timedelta(days=MAX_DAYS):
            raise forms.ValidationError(_("A token lasts one year at most."))
        return day

    def expires_at(self):
        """The end of the chosen day, in the marketplace's time zone."""
        day = self.cleaned_data["expires_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def customer_tokens(user):
    return PersonalAccessToken.objects.filter(user=user, kind=TokenKind.CONSUMER)


class CustomerTokensView(LoginRequiredMixin, PageTitleMixin, generic.FormView):
    """List the customer's tokens; a new one's secret is shown on this answer only."""

    template_name = "api/customer_tokens.html"
    form_class = CustomerTokenForm
    page_title = _("API tokens")
    active_tab = "api-tokens"

    def get_initial(self):
        return {
            "expires_on": timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)
        }

    def tokens(self):
        return customer_tokens(self.request.user)

    def issue(self, form):
        return PersonalAccessToken.issue(
            self.request.user,
            TokenKind.CONSUMER,
            form.cleaned_data["name"],
            [Scope.CONSUMER],
            expires_at=form.expires_at(),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["tokens"] = self.tokens()
        ctx["now"] = timezone.now()
        return ctx

    def form_valid(self, form):
        token, secret = self.issue(form)
        # Rendered, not redirected: the secret is never kept anywhere.
        return self.render_to_response(
            self.get_context_data(
                form=self.form_class(initial=self.get_initial()),
                new_token=token,
                secret=secret,
            )
        )


class RevokeCustomerTokenView(LoginRequiredMixin, generic.View):
    """Revoke one of the customer's own tokens (another's: 404)."""

    def post(self, request, pk):
        token = get_object_or_404(customer_tokens(request.user), pk=pk)
        token.revoke()
        messages.success(
            request, _("The token “%(name)s” is revoked.") % {"name": token.name}
        )
        return redirect("api-tokens:list")


app_name = "api-tokens"

urlpatterns = [
    path("", CustomerTokensView.as_view(), name="list"),
    path("<int:pk>/revoquer/", RevokeCustomerTokenView.as_view(), name="revoke"),
]
