"""Creating an account: the same answer whether the address has one or not.

A new address gets an account that stays inactive until its owner follows the
e-mailed link and gives the password chosen (so that nobody can set up an
account for someone else's address and sign in with it later). A known
address changes nothing: its owner is told by e-mail that someone tried to
create an account with it. The page that follows is the same in both cases.

Oscar's registration page, the registration half of its login page, the
checkout's "new customer" choice (it leads to the registration page) and the
artisans' application form all go through ``answer_registration``.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import send_mail
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import (
    url_has_allowed_host_and_scheme,
    urlencode,
    urlsafe_base64_decode,
    urlsafe_base64_encode,
)
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.customer.signals import user_registered
from oscar.core.loading import get_class

from .landing import landing_url
from .password_reset import count_request

EmailUserCreationForm = get_class("customer.forms", "EmailUserCreationForm")
OscarAccountAuthView = get_class("customer.views", "AccountAuthView")
OscarAccountRegistrationView = get_class("customer.views", "AccountRegistrationView")
CustomerDispatcher = get_class("customer.utils", "CustomerDispatcher")
normalise_email = get_class("customer.utils", "normalise_email")

User = get_user_model()
logger = logging.getLogger(__name__)

# The backend that signs a confirmed account in (its password was checked).
SIGN_IN_BACKEND = "oscar.apps.customer.auth_backends.EmailBackend"


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens of the confirmation link: valid for ``PASSWORD_RESET_TIMEOUT``,
    and once only (confirming changes ``is_active`` and ``last_login``, and a
    new password, chosen by registering again, voids earlier links)."""

    key_salt = "shop.apps.core.accounts.registration.ConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


confirmation_tokens = ConfirmationTokenGenerator()


def account_of(email):
    """The account of ``email`` whatever its case, or ``None``."""
    return (
        User._default_manager.filter(email__iexact=normalise_email(email))
        .order_by("pk")
        .first()
    )


def awaiting_confirmation(user):
    """True for an account created here whose owner has not confirmed it yet."""
    return not user.is_active and user.last_login is None


def safe_next(request, candidate):
    """``candidate`` if it is a page of ours, else where signing in leads."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return landing_url(request.user)


# E-mails
# ------------------------------------------------------------------------------


def absolute_url(request, path):
    scheme = "https" if request.is_secure() else "http"
    return f"{scheme}://{get_current_site(request).domain}{path}"


def send_account_email(request, user, template, context):
    """Send ``template`` to ``user``, a few times an hour at most.

    Registering is open to anyone, so without a cap anyone could make the
    site e-mail an address again and again. Past the cap nothing is sent and
    the page says nothing more: it answers the same for every address.
    """
    if not count_request(
        f"accounts:registration-email:{user.email.lower()}",
        settings.REGISTRATION_EMAILS_PER_ADDRESS,
    ):
        logger.warning("Registration e-mails to one address capped for the hour")
        return
    context = {"user": user, "site": get_current_site(request), **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_confirmation_email(request, user, next_url=""):
    """E-mail ``user`` the link that confirms their new account."""
    path = reverse(
        "registration:confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": confirmation_tokens.make_token(user),
        },
    )
    if next_url:
        path = f"{path}?{urlencode({'next': next_url})}"
    send_account_email(
        request,
        user,
        "accounts/emails/registration_confirm",
        {
            "confirm_url": absolute_url(request, path),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )


def send_account_exists_email(request, user, next_url=""):
    """Tell the owner of ``user`` that someone tried to register their address."""
    login_path = reverse("customer:login")
    if next_url:
        login_path = f"{login_path}?{urlencode({'next': next_url})}"
    send_account_email(
        request,
        user,
        "accounts/emails/registration_account_exists",
        {
            "login_url": absolute_url(request, login_path),
            "reset_url": absolute_url(request, reverse("password-reset")),
        },
    )


# Registering
# ------------------------------------------------------------------------------


def answer_known_address(request, user, password, next_url=""):
    """Someone registers with the address of ``user``'s account.

    A confirmed account is left as it is and its owner told by e-mail. An
    account still awaiting confirmation takes the password chosen now and a
    new link (earlier links stop working): the owner of the mailbox confirms
    with the password they typed last.
    """
    if awaiting_confirmation(user):
        user.set_password(password)
        user.save(update_fields=["password"])
        send_confirmation_email(request, user, next_url)
        return
    # As much work as hashing the password of a new account: the time the
    # answer takes says nothing either.
    make_password(password)
    send_account_exists_email(request, user, next_url)


def answer_registration(request, form, sender=None):
    """Register with the cleaned ``form`` (Oscar's ``EmailUserCreationForm``).

    A new address gets an inactive account and the confirmation e-mail; a
    known one changes nothing but the e-mail its owner gets. Returns the new
    account, or ``None``: callers answer the same either way.
    """
    email = form.cleaned_data["email"]
    password = form.cleaned_data["password1"]
    next_url = form.cleaned_data.get("redirect_url") or ""
    if next_url == settings.LOGIN_REDIRECT_URL:  # Oscar's answer for "none"
        next_url = ""
    known = account_of(email)
    if known is not None:
        answer_known_address(request, known, password, next_url)
        return None
    user = form.save(commit=False)
    user.is_active = False
    user.save()
    user_registered.send_robust(sender=sender, request=request, user=user)
    send_confirmation_email(request, user, next_url)
    return user


def user_from_link(uidb64, token):
    """The account a confirmation link names while it may still be used, or
    ``None`` (tampered, expired, used already, or no such account)."""
    try:
        user = User._default_manager.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    if not awaiting_confirmation(user):
        return None
    if not confirmation_tokens.check_token(user, token):
        return None
    return user


def confirm_account(request, user):
    """Activate ``user``'s account and sign it in (its password was checked)."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    login(request, user, backend=SIGN_IN_BACKEND)
    if getattr(settings, "OSCAR_SEND_REGISTRATION_EMAIL", True):
        CustomerDispatcher().send_registration_email_for_user(
            user, {"user": user, "request": request}
        )


# Forms and views
# ------------------------------------------------------------------------------


class RegistrationForm(EmailUserCreationForm):
    """Oscar's registration form, saying nothing of existing accounts."""

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class ConfirmAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("The password you chose when you created the account."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _(
                    "This is not the password chosen for this account. If you "
                    "do not remember it, register again with this address and "
                    "a new password: you will get a new link."
                ),
                code="wrong_password",
            )
        return password


class AccountRegistrationView(OscarAccountRegistrationView):
    """Oscar's registration page: the account waits for its e-mailed link."""

    form_class = RegistrationForm

    def form_valid(self, form):
        answer_registration(self.request, form, sender=self)
        return redirect("registration:sent")


class AccountAuthView(OscarAccountAuthView):
    """Oscar's login page, whose registration half waits for the link too.

    Without a page asked for, each role lands on its own place (landing.py).
    """

    registration_form_class = RegistrationForm

    def get_login_success_url(self, form):
        return form.cleaned_data["redirect_url"] or landing_url(self.request.user)

    def validate_registration_form(self):
        form = self.get_registration_form(bind_data=True)
        if form.is_valid():
            answer_registration(self.request, form, sender=self)
            return redirect("registration:sent")
        ctx = self.get_context_data(registration_form=form)
        return self.render_to_response(ctx)


class RegistrationSentView(generic.TemplateView):
    """ "Check your mailbox", whatever the address given."""

    template_name = "accounts/registration_sent.html"


class RegistrationConfirmView(generic.FormView):
    """The e-mailed link: the password chosen confirms the account."""

    template_name = "accounts/registration_confirm.html"
    form_class = ConfirmAccountForm

    def dispatch(self, request, *args, **kwargs):
        self.account = user_from_link(kwargs["uidb64"], kwargs["token"])
        if self.account is None:
            return self.response_class(
                request=request,
                template=["accounts/registration_link_invalid.html"],
                context={},
                status=410,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.account}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["account_email"] = self.account.email
        return context

    def form_valid(self, form):
        confirm_account(self.request, self.account)
        messages.success(self.request, _("Your account is confirmed. Welcome!"))
        return redirect(safe_next(self.request, self.request.GET.get("next", "")))
