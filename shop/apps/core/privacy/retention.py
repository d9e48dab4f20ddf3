"""How long the marketplace keeps what, as the privacy page tells it."""

from django.conf import settings

# Accounting documents and their supporting records: ten years (Code de
# commerce, article L123-22). Orders keep their amounts, dates and lines; the
# customer's particulars go once this has passed, or when the account is deleted.
ORDER_RETENTION_YEARS = 10
DAY = 24 * 60 * 60


def _days(seconds):
    return None if seconds is None else max(1, round(seconds / DAY))


def privacy_retention():
    """The durations and cookie names the privacy page states, from settings."""
    return {
        "order_years": ORDER_RETENTION_YEARS,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "session_days": _days(settings.SESSION_COOKIE_AGE),
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf_days": _days(settings.CSRF_COOKIE_AGE),
        "basket_cookie": settings.OSCAR_BASKET_COOKIE_OPEN,
        "basket_days": _days(settings.OSCAR_BASKET_COOKIE_LIFETIME),
        "history_cookie": settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME,
        "history_days": _days(settings.OSCAR_RECENTLY_VIEWED_COOKIE_LIFETIME),
        "language_cookie": settings.LANGUAGE_COOKIE_NAME,
        "language_days": _days(settings.LANGUAGE_COOKIE_AGE),
    }
