"""The artisan's yearly statements in the back office (art. 242 bis CGI).

Only the shop's own statements are found: another shop's is a 404.
"""

from django.shortcuts import get_object_or_404
from django.views import generic

from vendors.backoffice.mixins import VendorRequiredMixin

from .models import YearlyStatement


class YearlyStatementListView(VendorRequiredMixin, generic.ListView):
    """Each year's statement the marketplace sent the artisan."""

    template_name = "vendors/declarations/backoffice/statement_list.html"
    context_object_name = "statements"

    def get_queryset(self):
        return YearlyStatement.objects.of_vendor(self.vendor)


class YearlyStatementDetailView(VendorRequiredMixin, generic.DetailView):
    """One year's statement, per quarter, laid out to be printed."""

    template_name = "vendors/declarations/backoffice/statement_detail.html"
    context_object_name = "statement"

    def get_object(self, queryset=None):
        return get_object_or_404(
            YearlyStatement.objects.of_vendor(self.vendor), pk=self.kwargs["pk"]
        )
