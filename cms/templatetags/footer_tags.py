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


@register.simple_tag(takes_context=True)
def footer_legal(context):
    """The chamber's particulars, or ``None`` on a database without its site
    (the footer then shows the shop's name only)."""
    from wagtail.models import Site

    from cms.models import LegalSettings

    try:
        return LegalSettings.load(request_or_site=context.get("request"))
    except Site.DoesNotExist:
        return None
