from django import template

from cms.home import home_sections as build_home_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def home_sections(context, page):
    """``{% home_sections page as home %}``: see ``cms.home.home_sections``."""
    return build_home_sections(page, context["request"])
