"""The staff order list, its CSV export safe to open in a spreadsheet."""

from oscar.apps.dashboard.orders import views

from shop.apps.core.spreadsheets import spreadsheet_safe


class OrderListView(views.OrderListView):
    def get_row_values(self, order):
        # Customers type their e-mail address and their names: a value
        # starting with "=", "+", "-", "@", a tab or a carriage return would
        # run as a formula when the export is opened.
        return {
            column: spreadsheet_safe(value) if isinstance(value, str) else value
            for column, value in super().get_row_values(order).items()
        }
