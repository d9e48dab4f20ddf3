"""``manage.py build_monthly_statements [--month YYYY-MM]``: last month by default."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from vendors.settlements.building import MonthNotOver, build_month, previous_month


class Command(BaseCommand):
    help = (
        "Build the chamber's commission statements and invoices and the pickup "
        "cash settlements of a month that is over (last month by default). "
        "Running it again builds nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="the month to build, as YYYY-MM")

    def handle(self, *args, month=None, **options):
        if month:
            try:
                period = datetime.datetime.strptime(month, "%Y-%m").date()
            except ValueError:
                raise CommandError("--month is YYYY-MM, e.g. 2026-03") from None
        else:
            period = previous_month()
        try:
            result = build_month(period)
        except MonthNotOver as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{period:%Y-%m}: {len(result.commission_statements)} commission "
            f"statements, {len(result.invoices)} invoices, "
            f"{len(result.settlement_statements)} settlement statements built"
        )
