"""Oscar's payment app, forked to hold the marketplace's Stripe integration."""

import oscar.apps.payment.apps as apps


class PaymentConfig(apps.PaymentConfig):
    name = "shop.apps.payment"

    def ready(self):
        super().ready()
        from . import redaction

        redaction.install()
