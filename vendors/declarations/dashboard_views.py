"""Chamber staff's DAC7 export: what the platform declares of each seller.

Staff only, like the rest of Oscar's dashboard (two-factor included).
"""

from django.http import HttpResponse
from django.views import generic

from vendors.dashboard.views import StaffRequiredMixin

from .dac7 import dac7_lines, write_dac7_csv
from .figures import QUARTERS
from .forms import Dac7YearForm


class Dac7ExportView(StaffRequiredMixin, generic.TemplateView):
    """Per seller, for the year chosen: identity and quarterly figures; CSV."""

    template_name = "vendors/declarations/dashboard/dac7.html"

    def get(self, request, *args, **kwargs):
        form = Dac7YearForm(request.GET)
        lines = None
        if form.is_valid():
            year = form.cleaned_data["year"]
            lines = dac7_lines(year)
            if request.GET.get("format") == "csv":
                return self.csv_response(year, lines)
        return self.render_to_response(
            self.get_context_data(form=form, lines=lines, quarters=QUARTERS)
        )

    def csv_response(self, year, lines):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="dac7-{year}.csv"'
        write_dac7_csv(lines, response)
        return response
