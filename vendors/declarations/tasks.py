"""The yearly statements of January, built and e-mailed in the background."""

from celery import shared_task

from . import actions


@shared_task
def send_yearly_statements_task(year=None):
    """Build last year's statement of every artisan who sold, and e-mail each.

    Run by beat in the first days of January (``CELERY_BEAT_SCHEDULE``), and
    by ``manage.py send_yearly_statements``. Idempotent: a statement is built
    once per artisan and year, and e-mailed once.
    """
    year = year or actions.past_year()
    built = actions.build_yearly_statements(year)
    emailed = actions.email_yearly_statements(year)
    return {"year": year, "built": built, "emailed": emailed}
