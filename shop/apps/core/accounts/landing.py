"""Where each role lands after signing in when no page was asked for.

An artisan goes to their back office, someone who runs pickup points to the
logistics console, chamber staff to the staff dashboard, and a consumer to
their account. A page of ours asked for with ``next`` still wins (callers
check it first).
"""

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse


def landing_url(user):
    """The home of ``user``'s role (a path)."""
    if not user.is_authenticated:
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    if user.is_staff:
        return reverse("dashboard:index")
    from delivery.models import PickupPoint
    from vendors.scoping import vendor_for_user

    if vendor_for_user(user) is not None:
        return reverse("backoffice:overview")
    if PickupPoint.objects.run_by(user).exists():
        return reverse("logistics:home")
    return resolve_url(settings.LOGIN_REDIRECT_URL)
