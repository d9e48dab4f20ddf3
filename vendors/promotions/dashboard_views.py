"""Chamber staff's pages on promotions: who funds each offer, and what each
funder owes (on screen, as CSV, and printable for the territory)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_model

from vendors.dashboard.views import StaffRequiredMixin

from .actions import save_funding
from .forms import FunderReportForm, OfferFundingForm
from .models import FunderKind, OfferFunding
from .reports import funder_report, write_funder_report_csv

ConditionalOffer = get_model("offer", "ConditionalOffer")


class OfferFundingListView(StaffRequiredMixin, generic.ListView):
    """Every offer with its funder, budget and what it gave (one query)."""

    template_name = "vendors/promotions/dashboard/offer_list.html"
    context_object_name = "offers"
    paginate_by = 50

    def get_queryset(self):
        return ConditionalOffer.objects.select_related(
            "funding__funder", "funding__vendor__partner"
        ).order_by("-date_created", "-pk")


class OfferFundingView(StaffRequiredMixin, generic.FormView):
    """Set who funds one offer, its budget cap and its limit per customer."""

    template_name = "vendors/promotions/dashboard/offer_funding.html"
    form_class = OfferFundingForm

    def dispatch(self, request, *args, **kwargs):
        self.offer = get_object_or_404(
            ConditionalOffer.objects.select_related("benefit"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["offer"] = self.offer
        return kwargs

    def get_initial(self):
        funding = OfferFunding.objects.filter(offer=self.offer).first()
        if funding is None:
            return {"kind": FunderKind.CHAMBER}
        return {
            "kind": funding.kind,
            "funder": funding.funder_id,
            "vendor": funding.vendor_id,
            "budget": funding.budget,
            "limit": funding.per_customer_limit,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["offer"] = self.offer
        context["funding"] = OfferFunding.objects.filter(offer=self.offer).first()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        save_funding(
            self.offer,
            kind=data["kind"],
            funder=data["funder"],
            vendor=data["vendor"],
            budget=data["budget"],
            limit=data["limit"],
        )
        messages.success(
            self.request,
            _("Funding of “%(offer)s” saved.") % {"offer": self.offer.name},
        )
        return redirect("promotions-dashboard:offer-list")


class FunderReportView(StaffRequiredMixin, generic.TemplateView):
    """What a funder owes over a period: per offer, per part; CSV or print."""

    template_name = "vendors/promotions/dashboard/funder_report.html"
    print_template_name = "vendors/promotions/dashboard/funder_report_print.html"

    def get(self, request, *args, **kwargs):
        form = FunderReportForm(request.GET)
        report = None
        if form.is_valid():
            data = form.cleaned_data
            report = funder_report(data["date_from"], data["date_to"], data["funder"])
            if request.GET.get("format") == "csv":
                return self.csv_response(report)
            if request.GET.get("format") == "print":
                self.template_name = self.print_template_name
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def csv_response(self, report):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"financements-{report.date_from}-{report.date_to}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        write_funder_report_csv(report, response)
        return response
