"""The footer's partners: one query for them, one for their logos' sizes."""

from django import template

from cms.snippets import Partner

register = template.Library()


@register.simple_tag
def footer_partners():
    """The partners, in their order, logos and renditions loaded."""
    return list(
        Partner.objects.select_related("logo").prefetch_related("logo__renditions")
    )
