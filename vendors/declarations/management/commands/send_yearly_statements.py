"""``manage.py send_yearly_statements [--year 2026]``: the January statements."""

from django.core.management.base import BaseCommand, CommandError

from vendors.declarations.actions import past_year
from vendors.declarations.tasks import send_yearly_statements_task


class Command(BaseCommand):
    help = (
        "Build the yearly statement (art. 242 bis CGI) of every artisan who sold "
        "in the year (the past one by default) and e-mail each one once. Safe to "
        "run again: nothing is built or sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, help="The year covered (default: last year)."
        )

    def handle(self, *args, **options):
        year = options["year"] or past_year()
        if not 2000 <= year <= past_year():
            raise CommandError(
                f"{year} is not a past year: a statement covers a whole year."
            )
        result = send_yearly_statements_task.apply(args=[year]).get()
        self.stdout.write(
            f"{result['year']}: {result['built']} statements built, "
            f"{result['emailed']} e-mailed."
        )
