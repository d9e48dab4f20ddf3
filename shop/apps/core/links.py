"""Absolute links for e-mails, built from the current site and its scheme."""

from django.conf import settings
from django.contrib.sites.models import Site


def absolute_url(path):
    """``path`` on this deployment's public host (SITE_SCHEME and SITE_DOMAIN)."""
    domain = Site.objects.get_current().domain
    return f"{settings.SITE_SCHEME}://{domain}{path}"
