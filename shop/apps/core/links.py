"""Absolute links for e-mails, built from the current site and its scheme."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.urls import reverse


def absolute_url(path):
    """``path`` on this deployment's public host (SITE_SCHEME and SITE_DOMAIN)."""
    domain = Site.objects.get_current().domain
    return f"{settings.SITE_SCHEME}://{domain}{path}"


def order_status_path(order):
    """Where the consumer follows ``order``: their account's order page, or
    the page a guest opens from their e-mail (signed with the order's hash)."""
    if order.user_id:
        return reverse("customer:order", kwargs={"order_number": order.number})
    return reverse(
        "customer:anon-order",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
