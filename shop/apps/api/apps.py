from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "shop.apps.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        # drf-spectacular's extension for our tokens registers on import.
        from . import schema  # noqa: F401
