"""Admin registrations of ``cms``: the shop's choosers and the snippets."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .choosers import (
    category_chooser_viewset,
    pickup_point_chooser_viewset,
    product_chooser_viewset,
    vendor_chooser_viewset,
)
from .snippets import Label, Partner


@hooks.register("register_admin_viewset")
def register_choosers():
    return [
        product_chooser_viewset,
        vendor_chooser_viewset,
        category_chooser_viewset,
        pickup_point_chooser_viewset,
    ]


register_snippet(Partner)
register_snippet(Label)
