from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    """The communes of France and the territories above them (intercommunalités,
    départements, régions), from the official geographic code."""

    name = "shop.apps.geo"
    label = "geo"
    verbose_name = _("Territories")
    default_auto_field = "django.db.models.BigAutoField"
