"""What django-axes counts a failed sign-in against, and the page it shows."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


def username_of_attempt(request, credentials=None):
    """The address a sign-in was tried with, one key whatever its case.

    ``credentials`` are what the form passed to ``authenticate``; without
    them (the lockout page), the posted field, which the shop's login form
    names ``login-username``.
    """
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        posted = getattr(request, "data", None) or request.POST
        username = posted.get("login-username") or posted.get("username")
    return (username or "").strip().lower()


def lift_lockout(user):
    """Forget the failed sign-ins of ``user``'s address, from anywhere."""
    from axes.utils import reset

    return reset(username=username_of_attempt(None, {"username": user.email}))


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of signing in while a lockout lasts (429)."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    return render(
        request,
        "accounts/locked_out.html",
        {"cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else 0},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' backend, for sign-ins people make through a form.

    Every sign-in form of the site passes the request to ``authenticate``
    (the shop's login, the checkout's, Oscar's dashboard's and Django
    admin's). A call without one is our own code's, never a person's attempt:
    Oscar signs a customer in right after they registered with the password
    they just chose. Axes would refuse it; it is left to the other backends.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
