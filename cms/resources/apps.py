from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "cms.resources"
    label = "resources"
    verbose_name = _("Resources for artisans (Déclic)")
    default_auto_field = "django.db.models.BigAutoField"
