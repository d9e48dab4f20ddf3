"""The demo's monthly statements, for ``manage.py load_demo`` to call last
(after the demo orders): ``load_statements(report)``.

The demo's orders are all of the current month, which is not over: its
statements are built "so far" (issued today), so that staff can download the
month's commission invoices and the pickup cash settlement at once. What the
demo does afterwards in the month goes to next month's statements; loading
again builds nothing new.
"""

from django.utils import timezone

from .building import build_month


def load_statements(report):
    """Build the current month's statements as they stand; count what was
    built in ``report`` (a ``LoadReport``)."""
    result = build_month(timezone.localdate(), so_far=True)
    for kind, made in (
        ("commission statements", result.commission_statements),
        ("commission invoices", result.invoices),
        ("pickup settlements", result.settlement_statements),
    ):
        for _item in made:
            report.count(kind, True)
    return result
