from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "cms.territories"
    label = "territories"
    verbose_name = _("Territory pages")
    default_auto_field = "django.db.models.BigAutoField"
