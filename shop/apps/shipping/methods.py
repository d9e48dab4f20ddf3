"""The shipping method of a marketplace order: one choice per artisan."""

from decimal import Decimal as D

from django.utils.translation import gettext_lazy as _

from oscar.apps.shipping.methods import *  # noqa: F403 isort:skip
from oscar.apps.shipping.methods import Base
from oscar.core import prices


class ArtisanFulfilment(Base):
    """Each artisan's part delivered or picked up as the consumer chose.

    The charge is the sum of the artisans' costs (pickups are free). Costs
    are given tax-inclusive with their tax-exclusive part, as the artisans'
    VAT regimes differ.
    """

    code = "artisan-fulfilment"
    name = _("Delivery or pickup, per artisan")

    def __init__(self, costs=(), is_estimate=False):
        # ``costs``: (cost incl. tax, cost excl. tax) per artisan.
        self.charge_incl_tax = sum((incl for incl, _excl in costs), D("0.00"))
        self.charge_excl_tax = sum((excl for _incl, excl in costs), D("0.00"))
        self.is_estimate = is_estimate
        if is_estimate:
            self.description = _(
                "Estimate with home delivery from every artisan who offers it; "
                "you choose delivery or pickup per artisan at checkout."
            )

    def calculate(self, basket):
        return prices.Price(
            currency=basket.currency,
            excl_tax=self.charge_excl_tax,
            incl_tax=self.charge_incl_tax,
        )
