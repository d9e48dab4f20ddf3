"""``manage.py search_rebuild``: reload the search index from the tables."""

import time

from django.core.management.base import BaseCommand, CommandError

from search.backends.base import SearchUnavailable

from ._backend import add_backend_argument, indexed_backend

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Load every product and artisan into new search indices, then switch "
        "the aliases to them: searches keep answering from the old indices "
        "until the switch."
    )

    def add_arguments(self, parser):
        add_backend_argument(parser)
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Documents built and sent per bulk request (default 500).",
        )

    def handle(self, *args, backend=None, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        search_backend = indexed_backend(self, backend)
        if search_backend is None:
            return
        started = time.monotonic()
        try:
            search_backend.rebuild(progress=self.show_progress, batch_size=batch_size)
        except SearchUnavailable as exc:
            raise CommandError(f"Elasticsearch cannot be reached: {exc}") from exc
        self.stdout.write(f"Done in {time.monotonic() - started:.1f}s.")

    def show_progress(self, kind, done, total):
        """One line per index, redrawn in place: ``products [####    ] 1500/4000``."""
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + " " * (BAR_WIDTH - filled)
        ending = "\n" if done >= total else ""
        self.stdout.write(f"\r{kind:<9} [{bar}] {done}/{total}", ending=ending)
        self.stdout.flush()
