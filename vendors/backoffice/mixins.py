"""Access to the artisan's back office ("espace artisan")."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from vendors.scoping import vendor_for_user, vendor_orders_of


class VendorRequiredMixin(LoginRequiredMixin):
    """Let in accounts linked to an artisan's shop, and sets ``self.vendor``.

    Staff accounts are refused: chamber staff work in the staff dashboard.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.vendor = vendor_for_user(request.user)
        if self.vendor is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["vendor"] = self.vendor
        # The navigation's badge: one query, whatever the page lists.
        context["orders_to_handle_count"] = (
            vendor_orders_of(self.vendor).to_handle().count()
        )
        return context
