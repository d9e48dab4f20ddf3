"""The demo's monthly statements, for ``manage.py load_demo`` to call last
(after the demo orders): ``load_statements(report)``.

The demo's orders are of the last weeks: last month is built as beat builds
it on the 1st, and the current month, which is not over, "so far" (issued
today), so that staff can download the commission invoices and the pickup
cash settlement at once. What the demo does afterwards in the month goes to
next month's statements; loading again builds nothing new.
"""

from django.utils import timezone

from .building import BuildResult, build_month, previous_month


def load_statements(report):
    """Build last month's statements, then the current month's as they stand;
    count what was built in ``report`` (a ``LoadReport``)."""
    today = timezone.localdate()
    result = BuildResult()
    for built in (
        build_month(previous_month(today), today=today),
        build_month(today, today=today, so_far=True),
    ):
        result.commission_statements += built.commission_statements
        result.invoices += built.invoices
        result.settlement_statements += built.settlement_statements
    for kind, made in (
        ("commission statements", result.commission_statements),
        ("commission invoices", result.invoices),
        ("pickup settlements", result.settlement_statements),
    ):
        for _item in made:
            report.count(kind, True)
    return result
