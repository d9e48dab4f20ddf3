import oscar.apps.checkout.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout with a "Delivery or pickup" step after the index, and
    the payment of orders paid online (``pay/<number>/`` and its return)."""

    name = "shop.apps.checkout"

    # pylint: disable=attribute-defined-outside-init
    def ready(self):
        super().ready()
        self.fulfilment_view = get_class("checkout.views", "FulfilmentView")
        self.pay_view = get_class("checkout.views", "PaymentView")
        self.payment_return_view = get_class("checkout.views", "PaymentReturnView")

    def get_urls(self):
        urls = super().get_urls()
        urls += self.post_process_urls(
            [
                path(
                    "delivery-or-pickup/",
                    self.fulfilment_view.as_view(),
                    name="fulfilment",
                ),
                path("pay/<str:number>/", self.pay_view.as_view(), name="pay"),
                path(
                    "pay/<str:number>/return/",
                    self.payment_return_view.as_view(),
                    name="payment-return",
                ),
            ]
        )
        return urls
