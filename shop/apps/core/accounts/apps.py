"""Oscar's top-level URLs, with the password reset pieces of ours."""

from oscar.config import Shop


class MarketplaceShopConfig(Shop):
    """Oscar's ``Shop`` config: its password reset is throttled, and a new
    password chosen by e-mail lifts a sign-in lockout.

    Oscar builds these URLs from Django's views in ``Shop.get_urls`` (they are
    not loaded through ``get_class``), so this subclass swaps the two pieces
    rather than forking the customer app.
    """

    def ready(self):
        super().ready()
        from .password_reset import LockoutLiftingSetPasswordForm

        self.set_password_form = LockoutLiftingSetPasswordForm

    def get_urls(self):
        from django.urls import path, reverse_lazy
        from oscar.views.decorators import login_forbidden

        from .password_reset import ThrottledPasswordResetView

        reset = path(
            "password-reset/",
            login_forbidden(
                ThrottledPasswordResetView.as_view(
                    form_class=self.password_reset_form,
                    success_url=reverse_lazy("password-reset-done"),
                    template_name="oscar/registration/password_reset_form.html",
                )
            ),
            name="password-reset",
        )
        return [
            reset if getattr(url, "name", None) == "password-reset" else url
            for url in super().get_urls()
        ]
