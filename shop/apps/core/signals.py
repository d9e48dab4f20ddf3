"""Keeping Django's ``Site`` in step with the deployment's settings."""

from django.conf import settings


def sync_site_domain(sender, **kwargs):
    """Set the current site's domain and name from SITE_DOMAIN after migrate.

    Links in e-mails (password set-up, invitations) are built from it.
    """
    from django.contrib.sites.models import Site

    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": settings.OSCAR_SHOP_NAME},
    )
