"""``{% territory_url commune %}``: the page of an artisan's commune (or of an
intercommunalité, a département, a région): the one editors wrote, else the
one made from the data; "" when there is none.

Usage::

    {% load territories %}
    {% territory_url vendor.town_id as town_url %}
    {% if town_url %}<a href="{{ town_url }}">{{ vendor.commune }}</a>{% endif %}

Given a commune's id (``vendor.town_id``) it costs no query for the commune
itself; the answers for the whole request come from three queries at most.
"""

from django import template

from cms.territories.links import links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def territory_url(context, territory):
    return links_for(context.get("request")).url(territory)
