from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "cms.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns and artisan portraits")
    default_auto_field = "django.db.models.BigAutoField"
