"""Password resets: a few requests per network address and per e-mail address,
and a new password lifts the lockout of its account.

The answer never says whether an address has an account: Django's form sends
nothing for an unknown address, and the page that follows is the same.
"""

from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from shop.apps.core.http import client_address

from .lockout import lift_lockout, username_of_attempt


def count_request(key, limit):
    """Count one request under ``key``; False once ``limit`` is passed."""
    window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
    if cache.add(key, 1, window):
        return limit >= 1
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between the two calls
        cache.set(key, 1, window)
        return True


def password_reset_allowed(request, email):
    """Count a reset request for ``email`` from ``request``'s address."""
    by_address = count_request(
        f"accounts:password-reset:address:{client_address(request)}",
        settings.PASSWORD_RESETS_PER_ADDRESS,
    )
    email = username_of_attempt(None, {"username": email})
    by_email = count_request(
        f"accounts:password-reset:email:{email}",
        settings.PASSWORD_RESETS_PER_EMAIL,
    )
    return by_address and by_email


class ThrottledPasswordResetView(PasswordResetView):
    """Django's reset request page, refusing floods with a message (429)."""

    def form_valid(self, form):
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Too many password reset requests were made. Please check "
                    "your mailbox (and its spam folder), or try again in "
                    "%(minutes)s minutes."
                )
                % {"minutes": settings.PASSWORD_RESET_WINDOW_MINUTES},
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class LockoutLiftingSetPasswordForm(SetPasswordForm):
    """Choosing a new password from the e-mailed link lifts a sign-in lockout."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        lift_lockout(user)
        return user
