from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Project-wide pieces: health check, demo data, site-wide template context."""

    name = "shop.apps.core"
    label = "core"
    verbose_name = _("Marketplace core")
