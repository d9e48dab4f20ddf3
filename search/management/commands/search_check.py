"""``manage.py search_check``: does the search index say what the tables say?"""

from django.core.management.base import BaseCommand, CommandError

from search.backends.base import SearchUnavailable

from ._backend import add_backend_argument, indexed_backend

# Ids listed per difference at most; the counts are always complete.
SHOWN_IDS = 20


class Command(BaseCommand):
    help = (
        "Compare the search index with the database: products and artisans "
        "missing from the index, indexed but no longer listed, or indexed "
        "with an outdated title, price, stock or artisan. Exits with status 1 "
        "when they differ."
    )

    def add_arguments(self, parser):
        add_backend_argument(parser)

    def handle(self, *args, backend=None, **options):
        search_backend = indexed_backend(self, backend)
        if search_backend is None:
            return
        try:
            report = search_backend.check()
        except SearchUnavailable as exc:
            raise CommandError(f"Elasticsearch cannot be reached: {exc}") from exc
        for title, found in (
            ("missing from the index", report.missing),
            ("in the index but not listable", report.extra),
            ("outdated in the index", report.stale),
        ):
            for kind, ids in found.items():
                if ids:
                    shown = ", ".join(str(pk) for pk in ids[:SHOWN_IDS])
                    more = (
                        f" and {len(ids) - SHOWN_IDS} more"
                        if len(ids) > SHOWN_IDS
                        else ""
                    )
                    self.stdout.write(f"{len(ids)} {kind} {title}: {shown}{more}")
        if not report.clean:
            raise CommandError(
                "The search index differs from the database: run search_rebuild "
                "(or wait for the queued updates).",
                returncode=1,
            )
        self.stdout.write("The search index matches the database.")
