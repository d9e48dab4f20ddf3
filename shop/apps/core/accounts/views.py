"""The second-factor pages: set up an authenticator app, give a code."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views import generic

from .forms import AuthenticatorConfirmForm, SecondFactorCodeForm
from .landing import landing_url
from .second_factor import (
    CodeRefused,
    confirm_authenticator,
    has_authenticator,
    is_verified,
    pending_authenticator,
    qr_svg_of,
    secret_of,
    verify_code,
)


def next_url(request):
    """Where to go once the code is given: the page asked for, if it is ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return landing_url(request.user)


def with_next(url_name, request):
    return f"{reverse(url_name)}?{urlencode({'next': next_url(request)})}"


class SecondFactorVerifyView(LoginRequiredMixin, generic.FormView):
    """Ask for the code that confirms this sign-in."""

    template_name = "accounts/second_factor_verify.html"
    form_class = SecondFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if is_verified(request.user):
                return redirect(next_url(request))
            if not has_authenticator(request.user):
                return redirect(with_next("second-factor:setup", request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = next_url(self.request)
        return context

    def form_valid(self, form):
        try:
            verify_code(self.request, form.cleaned_data["code"])
        except CodeRefused as refused:
            form.add_error("code", str(refused))
            return self.form_invalid(form)
        return redirect(next_url(self.request))


class SecondFactorSetupView(LoginRequiredMixin, generic.FormView):
    """Set up an authenticator app: its QR code and secret, then one of its codes."""

    template_name = "accounts/second_factor_setup.html"
    form_class = AuthenticatorConfirmForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_authenticator(request.user):
            if not is_verified(request.user):
                return redirect(with_next("second-factor:verify", request))
            messages.info(request, _("Your authenticator app is already set up."))
            return redirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = pending_authenticator(self.request.user)
        context.update(
            {
                "qr_svg": qr_svg_of(device),
                "secret": secret_of(device),
                "next": next_url(self.request),
                "required": self.request.user.is_staff
                and settings.OTP_REQUIRED_FOR_STAFF,
            }
        )
        return context

    def form_valid(self, form):
        device = pending_authenticator(self.request.user)
        try:
            codes = confirm_authenticator(
                self.request, device, form.cleaned_data["code"]
            )
        except CodeRefused as refused:
            form.add_error("code", str(refused))
            return self.form_invalid(form)
        return render(
            self.request,
            "accounts/second_factor_backup_codes.html",
            {"codes": codes, "next": next_url(self.request)},
        )
