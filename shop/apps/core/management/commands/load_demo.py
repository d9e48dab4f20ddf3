"""Load the demo: artisans of the region, their products, accounts, home page.

Loading is idempotent: a second run finds everything in place and writes
nothing. Demo data only, never in production.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

from shop.apps.core.accounts.second_factor import secret_of
from shop.apps.core.demo import data
from shop.apps.core.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (artisans, products with images, demo accounts, "
        "home page). Running it again changes nothing."
    )

    def handle(self, *args, **options):
        report = load_demo()

        self.stdout.write("Demo data:")
        for kind in report.kinds:
            self.stdout.write(
                f"  {kind}: {report.created[kind]} created, "
                f"{report.present[kind]} already present"
            )
        if report.anything_created:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already in place."))

        self.stdout.write(f"Demo accounts (password: {settings.DEMO_PASSWORD}):")
        for account in data.ACCOUNTS:
            self.stdout.write(f"  {account['email']}")
        self.stdout.write(
            "Staff also give a code from an authenticator app: add the secret "
            f"{secret_of(TOTPDevice(key=data.DEMO_TOTP_KEY))} to one, or run "
            "`python manage.py demo_otp_code`."
        )
