"""Which pages anyone may read, in the page's own query.

Wagtail's ``PageQuerySet.public()`` first reads every view restriction (a
query of its own); ``unrestricted(pages)`` says the same in a subquery, so a
page that links to one editorial page costs one query, not two.
"""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def restricted():
    """True for a page under a view restriction (its own or an ancestor's:
    the restricted page's path is a prefix of its path)."""
    return Exists(
        PageViewRestriction.objects.annotate(
            prefix=Substr(OuterRef("path"), 1, Length("page__path"))
        ).filter(prefix=F("page__path"))
    )


def unrestricted(pages):
    """``pages`` without those under a view restriction."""
    return pages.exclude(restricted())
