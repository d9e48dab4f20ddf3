import oscar.apps.checkout.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout with a "Delivery or pickup" step after the index."""

    name = "shop.apps.checkout"

    # pylint: disable=attribute-defined-outside-init
    def ready(self):
        super().ready()
        self.fulfilment_view = get_class("checkout.views", "FulfilmentView")

    def get_urls(self):
        urls = super().get_urls()
        urls += self.post_process_urls(
            [
                path(
                    "delivery-or-pickup/",
                    self.fulfilment_view.as_view(),
                    name="fulfilment",
                )
            ]
        )
        return urls
