"""Until they give their code, people who need a second factor reach only the
pages that ask for it (every staff area included)."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .second_factor import has_authenticator, is_verified, second_factor_required


def open_paths():
    """Path prefixes a signed-in person reaches before giving their code."""
    return [
        reverse("second-factor:verify"),
        reverse("second-factor:setup"),
        reverse("customer:logout"),
        reverse("set_language"),
        settings.STATIC_URL,
        settings.MEDIA_URL,
        reverse("healthz"),
    ]


class SecondFactorMiddleware:
    """Send a signed-in person who owes a code to the page asking for it.

    After ``django_otp.middleware.OTPMiddleware``, which tells whether this
    session's sign-in was verified. Staff without an app are sent to set one
    up first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not is_verified(user)
            and second_factor_required(user)
            and not request.path_info.startswith(tuple(open_paths()))
        ):
            step = "verify" if has_authenticator(user) else "setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(f'second-factor:{step}')}?{query}")
        return self.get_response(request)
