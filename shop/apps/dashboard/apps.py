import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Oscar's staff dashboard, with the product form and the order export
    of ``shop/apps/dashboard/`` (loaded by Oscar's ``get_class``)."""

    name = "shop.apps.dashboard"
