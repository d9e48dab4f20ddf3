"""Demo data for the declarations: a yearly statement in the demo artisan's
back office, and figures in the staff's DAC7 export.

``load_yearly_statements()`` is for the demo loader, after the demo orders:
it builds the statement of every artisan who sold in the current year, as
January will for the past one (the demo's orders are of the last weeks: in
early January, of last year too), and e-mails none. Idempotent: a second load
builds nothing.
"""

from django.utils import timezone

from .actions import build_yearly_statements


def load_yearly_statements(today=None):
    """Build last and this year's statements from the demo's orders; how many
    were built.

    The demo has no past year of sales, so the statement shown covers the
    current one (in production each January covers the year just ended).
    The DAC7 export needs nothing more: staff choose the current year.
    """
    year = (today or timezone.localdate()).year
    return build_yearly_statements(year - 1) + build_yearly_statements(year)
