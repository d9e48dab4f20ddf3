"""The map's options, for templates/maps/partials/map.html."""

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def map_options():
    """Tiles (none when MAP_TILE_URL is empty) and the words Leaflet shows."""
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "zoomInTitle": _("Zoom in"),
        "zoomOutTitle": _("Zoom out"),
        "seeShop": _("See the e-boutique"),
    }
