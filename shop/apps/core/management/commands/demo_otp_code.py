"""The code the demo staff's authenticator app shows now (demo data only)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from shop.apps.core.demo import data
from shop.apps.core.demo.loader import DEMO_AUTHENTICATOR_NAME


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of the demo staff account(s), whose "
        "authenticator app has the demo's known secret (manage.py load_demo)."
    )

    def handle(self, *args, **options):
        devices = TOTPDevice.objects.select_related("user").filter(
            name=DEMO_AUTHENTICATOR_NAME, key=data.DEMO_TOTP_KEY, confirmed=True
        )
        if not devices:
            raise CommandError("No demo authenticator: run `manage.py load_demo`.")
        for device in devices:
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
            totp.time = time.time()
            code = f"{totp.token():0{device.digits}d}"
            self.stdout.write(f"{device.user.email}: {code}")
