from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprenticeshipConfig(AppConfig):
    name = "cms.apprenticeship"
    label = "apprenticeship"
    verbose_name = _("Apprenticeship offers")
    default_auto_field = "django.db.models.BigAutoField"
