"""The way to Déclic from the artisans' back office."""

from django import template

from ..models import ResourceIndexPage

register = template.Library()


@register.simple_tag
def declic_url():
    """The address of the live Déclic index, or "" when there is none.

    One query: the sites' root paths come from Wagtail's cache, and the
    address is made without looking up the request's site (which the back
    office does not otherwise need).
    """
    index = ResourceIndexPage.objects.live().only("url_path").first()
    return (index.url if index is not None else None) or ""
