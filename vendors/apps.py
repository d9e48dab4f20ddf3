from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VendorsConfig(AppConfig):
    name = "vendors"
    label = "vendors"
    verbose_name = _("Artisans")

    def ready(self):
        from .lifecycle import receivers

        receivers.connect()
