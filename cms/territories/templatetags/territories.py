"""Links to territories' pages: the one editors wrote, else the one made from
the data; "" when there is none.

``{% territory_url commune %}``: the page of a commune (or of an
intercommunalité, a département, a région)::

    {% load territories %}
    {% territory_url vendor.town_id as town_url %}
    {% if town_url %}<a href="{{ town_url }}">{{ vendor.commune }}</a>{% endif %}

``{% artisan_territory_links vendor %}``: the pages of an artisan's commune
and département (``.commune``, ``.departement``), for cards listed by the
dozen: load the vendors with ``select_related("town__parent",
"town__departement")``::

    {% artisan_territory_links vendor as territory %}
    {% if territory.commune %}<a href="{{ territory.commune }}">…</a>{% endif %}

The answers for the whole request come from a fixed number of queries (see
``cms.territories.links``), however many cards ask.
"""

from django import template

from cms.territories.links import links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def territory_url(context, territory):
    return links_for(context.get("request")).url(territory)


@register.simple_tag(takes_context=True)
def artisan_territory_links(context, vendor):
    return links_for(context.get("request")).artisan_links(vendor)
