"""The password check that confirms an account's deletion."""

from oscar.core.loading import get_class

ConfirmPasswordForm = get_class("customer.forms", "ConfirmPasswordForm")


class AccountDeletionForm(ConfirmPasswordForm):
    """Oscar's password confirmation, as password managers expect it."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["password"].widget.attrs.update(
            {"autocomplete": "current-password", "class": "form-control"}
        )
