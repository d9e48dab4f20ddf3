"""The second factor: a code from an authenticator app (TOTP, django-otp), or
one of the backup codes given when the app was set up.

Chamber staff must give one at each sign-in (``OTP_REQUIRED_FOR_STAFF``);
anyone else who set up an app must too. A sign-in is verified for the rest of
its session (``django_otp.middleware.OTPMiddleware``).
"""

from base64 import b32encode
from math import ceil

import segno
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
# Whether an account has a confirmed app, remembered so that signed-in pages
# do not ask the database each time.
HAS_APP_MEMORY_SECONDS = 60 * 60


class CodeRefused(Exception):
    """A second-factor code that does not verify the sign-in (message for people)."""


def has_app_key(user_id):
    return f"accounts:has-authenticator:{user_id}"


def has_authenticator(user):
    """True when ``user`` confirmed an authenticator app."""
    key = has_app_key(user.pk)
    found = cache.get(key)
    if found is None:
        found = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        cache.set(key, found, HAS_APP_MEMORY_SECONDS)
    return found


@receiver([post_save, post_delete], sender=TOTPDevice)
def forget_has_authenticator(sender, instance, **kwargs):
    cache.delete(has_app_key(instance.user_id))


def second_factor_required(user):
    """True when ``user`` must give a code before using their account."""
    if not user.is_authenticated:
        return False
    if user.is_staff and settings.OTP_REQUIRED_FOR_STAFF:
        return True
    return has_authenticator(user)


def is_verified(user):
    """True when this session's sign-in was confirmed with a code."""
    return bool(getattr(user, "is_verified", None) and user.is_verified())


# Setting up
# ------------------------------------------------------------------------------


def pending_authenticator(user):
    """The app being set up for ``user`` (not confirmed yet), made on first ask."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )
    return device


def secret_of(device):
    """The app's secret as people type it (base32, in groups of four)."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg_of(device):
    """The app's set-up link as an inline SVG QR code (rendered here)."""
    # Safe: segno's own SVG markup; the link is drawn, never written as text.
    return mark_safe(
        segno.make(device.config_url, error="m").svg_inline(
            scale=4, title=str(_("QR code for your authenticator app"))
        )
    )


def confirm_authenticator(request, device, code):
    """Confirm the app being set up with a code it shows, and verify this sign-in.

    Returns the new backup codes (shown once). Raises ``CodeRefused`` for a
    wrong code; nothing changes then but django-otp's count of failures.
    """
    user = request.user
    code = normalise_code(code)
    if not code.isdigit() or verify_token(user, device.persistent_id, code) is None:
        device.refresh_from_db()
        raise CodeRefused(refusal_message(device))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = issue_backup_codes(user)
    verify_session(request, device)
    return codes


def issue_backup_codes(user):
    """New single-use backup codes for ``user`` (any previous ones stop working)."""
    backup, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    backup.token_set.all().delete()
    codes = [
        StaticToken.random_token() for _index in range(settings.OTP_STATIC_BACKUP_CODES)
    ]
    StaticToken.objects.bulk_create(
        [StaticToken(device=backup, token=code) for code in codes]
    )
    return codes


@transaction.atomic
def remove_second_factor(user):
    """Forget ``user``'s app and backup codes (people who chose it only)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# Verifying a sign-in
# ------------------------------------------------------------------------------


def normalise_code(raw):
    return "".join(ch for ch in (raw or "").lower() if ch.isalnum())[:16]


def verify_code(request, raw_code):
    """Verify this session's sign-in with an app code or a backup code.

    Raises ``CodeRefused`` for a wrong code (django-otp counts it: each
    failure doubles the wait before the next try) or while a try must wait.
    """
    device = device_accepting(request.user, raw_code)
    verify_session(request, device)
    return device


def device_accepting(user, raw_code):
    """``user``'s device that accepts ``raw_code`` (an app code or a backup
    code), or ``CodeRefused``. Each code works once."""
    code = normalise_code(raw_code)
    model = TOTPDevice if code.isdigit() else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    if device is None or not code:
        raise CodeRefused(_("This code is not valid."))
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        device.refresh_from_db()
        raise CodeRefused(refusal_message(device))
    return verified


def refusal_message(device):
    allowed, details = device.verify_is_allowed()
    locked_until = None if allowed else details.get("locked_until")
    wait = ceil((locked_until - timezone.now()).total_seconds()) if locked_until else 0
    if wait > 1:
        return _(
            "This code was not accepted. After several wrong codes, please wait "
            "%(seconds)s seconds before trying again."
        ) % {"seconds": wait}
    return _("This code is not valid.")


def verify_session(request, device):
    """Mark this session's sign-in as verified (a new session key, too)."""
    request.session.cycle_key()
    otp_login(request, device)
