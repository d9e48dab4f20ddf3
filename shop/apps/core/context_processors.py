from django.conf import settings
from django.utils.functional import SimpleLazyObject


class Workspace:
    """Which work areas the signed-in person has, asked only when a page needs it."""

    def __init__(self, user):
        self.user = user

    @property
    def runs_shop(self):
        from vendors.scoping import vendor_for_user

        return vendor_for_user(self.user) is not None

    @property
    def runs_pickup_points(self):
        from delivery.models import PickupPoint

        return PickupPoint.objects.run_by(self.user).exists()


def site_links(request):
    """Expose what every page's header and footer need."""
    user = getattr(request, "user", None)
    return {
        "LANGUAGES": settings.LANGUAGES,
        "shop_name": settings.OSCAR_SHOP_NAME,
        "workspace": SimpleLazyObject(lambda: Workspace(user)),
    }
