from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Project-wide pieces: health check, demo data, site-wide template context."""

    name = "shop.apps.core"
    label = "core"
    verbose_name = _("Marketplace core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .signals import sync_site_domain

        # After the sites app migrated (this app has no models of its own).
        post_migrate.connect(sync_site_domain, sender=apps.get_app_config("sites"))

        from . import uploads

        uploads.configure_pillow()
        uploads.connect_receivers()

        from . import pagecache

        pagecache.connect_receivers()
