"""Who funds a promotion: the chamber, a partner territory, or the artisan."""

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    name = "vendors.promotions"
    label = "promotions"
    verbose_name = _("Promotions")

    def ready(self):
        from oscar.core.loading import get_model

        post_save.connect(
            product_stocked,
            sender=get_model("partner", "StockRecord"),
            dispatch_uid="promotions-product-stocked",
        )


def product_stocked(sender, instance, created, **kwargs):
    """A product an artisan starts selling joins their shop promotions."""
    if created:
        from .actions import add_to_shop_promotions

        add_to_shop_promotions(instance)
