"""The password check that confirms an account's deletion."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class

from shop.apps.core.accounts.password_reset import count_request

ConfirmPasswordForm = get_class("customer.forms", "ConfirmPasswordForm")


class AccountDeletionForm(ConfirmPasswordForm):
    """Oscar's password confirmation, as password managers expect it.

    Wrong passwords are counted per account: someone who finds a session
    left open gets as few guesses here as at the login page, then waits.
    """

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["password"].widget.attrs.update(
            {"autocomplete": "current-password", "class": "form-control"}
        )

    def clean_password(self):
        key = f"privacy:deletion-password:{self.user.pk}"
        if cache.get(key, 0) >= settings.AXES_FAILURE_LIMIT:
            raise forms.ValidationError(
                _(
                    "Too many wrong passwords were typed. Please try again in "
                    "%(minutes)s minutes."
                )
                % {"minutes": settings.PASSWORD_RESET_WINDOW_MINUTES}
            )
        try:
            return super().clean_password()
        except forms.ValidationError:
            count_request(key, settings.AXES_FAILURE_LIMIT)
            raise
