"""Signing in with the second factor in tests.

``sign_in_verified(client, user)`` is ``client.force_login(user)`` plus, for
staff (and anyone with an authenticator app), what the code page does when
the right code is typed: the session remembers the device that verified it
(django-otp's ``DEVICE_ID_SESSION_KEY``). Until then such a session reaches
only the code page.
"""

import re
import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_of(user):
    """``user``'s confirmed authenticator app, set up on first ask."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=True
    )


def current_code(device, offset_steps=0):
    """The code ``device``'s app shows now (or ``offset_steps`` later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in_verified(client, user):
    """Sign ``user`` in; staff, and anyone with an authenticator app, with
    their second factor already given. Returns the device, if any."""
    client.force_login(user)
    if not (
        user.is_staff or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    ):
        return None
    device = authenticator_of(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def confirmation_path_in(message):
    """The path of the account confirmation link in an e-mail ``message``."""
    return re.search(
        r"https?://[^/\s]+(/boutique/accounts/register/confirmer/\S+)", message.body
    ).group(1)
