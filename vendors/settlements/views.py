"""Pages of the monthly statements.

Staff (``/boutique/dashboard/artisans/reglements/``): the month's report
across artisans with its CSV, the chamber's commission invoices (each PDF and
a ZIP of the month's), the build of a month, each pickup cash settlement and
its settling. Artisans (``/espace-artisan/releves/``): their own statements
and invoices only; another artisan's id is not found (404).
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic

from shop.apps.core.pdf import private_storage
from vendors.backoffice.mixins import VendorRequiredMixin
from vendors.dashboard.views import StaffRequiredMixin

from .actions import SettlementRefused, settle_statement
from .building import MonthNotOver, build_month
from .fetch import (
    invoices_of_month,
    month_invoices_zip,
    monthly_report,
    statements_of,
    write_monthly_report_csv,
)
from .forms import BuildMonthForm, MonthForm, SettleForm
from .models import CommissionInvoice, CommissionStatement, SettlementStatement
from .rendering import render_commission_invoice_task


def invoice_pdf_response(request, invoice, back_url):
    """The invoice's stored PDF; when not rendered yet, its rendering is
    queued and the person is asked to come back in a moment."""
    if not invoice.pdf:
        render_commission_invoice_task.delay(invoice.pk)
        invoice.refresh_from_db()
    if not invoice.pdf:
        messages.info(
            request,
            _("The invoice's PDF is being prepared: please try again in a minute."),
        )
        return redirect(back_url)
    return FileResponse(
        private_storage().open(invoice.pdf, "rb"),
        as_attachment=True,
        filename=f"{invoice.number}.pdf",
        content_type="application/pdf",
    )


# Staff
# ------------------------------------------------------------------------------


class MonthlyReportView(StaffRequiredMixin, generic.TemplateView):
    """Every artisan's month: sales, commission, net, cash held by each side,
    the balance of the pickup settlement; CSV on request."""

    template_name = "vendors/settlements/dashboard/monthly_report.html"

    def get(self, request, *args, **kwargs):
        form = MonthForm(request.GET)
        report = monthly_report(form.cleaned_data["month"]) if form.is_valid() else None
        if report is not None and request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            filename = f"releve-mensuel-{report.period:%Y-%m}.csv"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            write_monthly_report_csv(report, response)
            return response
        build_form = BuildMonthForm(
            initial={"month": form.cleaned_data["month"]} if report else None
        )
        return self.render_to_response(
            self.get_context_data(form=form, report=report, build_form=build_form)
        )


def report_url(period):
    return reverse("settlements-dashboard:report") + f"?month={period:%Y-%m}"


class BuildMonthView(StaffRequiredMixin, generic.View):
    """Build a month that is over (what is built already is left as it is)."""

    def post(self, request, *args, **kwargs):
        form = BuildMonthForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("month", []):
                messages.error(request, error)
            return redirect("settlements-dashboard:report")
        period = form.cleaned_data["month"]
        try:
            result = build_month(period)
        except MonthNotOver as exc:
            messages.error(request, str(exc))
            return redirect(report_url(period))
        if result.nothing_new:
            messages.info(request, _("Nothing new to build for this month."))
        else:
            messages.success(
                request,
                _(
                    "%(statements)d commission statements, %(invoices)d invoices "
                    "and %(settlements)d pickup settlements built."
                )
                % {
                    "statements": len(result.commission_statements),
                    "invoices": len(result.invoices),
                    "settlements": len(result.settlement_statements),
                },
            )
        return redirect(report_url(period))


class StaffInvoicePDFView(StaffRequiredMixin, generic.View):
    def get(self, request, pk):
        invoice = get_object_or_404(
            CommissionInvoice.objects.select_related("statement"), pk=pk
        )
        return invoice_pdf_response(
            request, invoice, report_url(invoice.statement.period)
        )


class MonthInvoicesZipView(StaffRequiredMixin, generic.View):
    """A ZIP of the month's commission invoices (those rendered)."""

    def get(self, request, year, month):
        form = MonthForm({"month": f"{year:04d}-{month:02d}"})
        if not form.is_valid():
            raise Http404
        period = form.cleaned_data["month"]
        if not invoices_of_month(period).exists():
            raise Http404
        # Invoices whose rendering failed are queued again; those rendered by
        # then are in the archive, the others are named in a header.
        for invoice_id in (
            invoices_of_month(period).filter(pdf="").values_list("pk", flat=True)
        ):
            render_commission_invoice_task.delay(invoice_id)
        content, missing = month_invoices_zip(period)
        response = HttpResponse(content, content_type="application/zip")
        filename = f"factures-commission-{period:%Y-%m}.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        if missing:
            response["X-Invoices-Missing"] = ",".join(missing)
        return response


class StaffSettlementView(StaffRequiredMixin, generic.DetailView):
    """One artisan's pickup cash settlement: its entries, balance, settling."""

    template_name = "vendors/settlements/dashboard/settlement.html"
    context_object_name = "statement"

    def get_queryset(self):
        return SettlementStatement.objects.select_related(
            "vendor__partner", "settled_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = self.object.entries.select_related("vendor_order")
        context.setdefault("settle_form", SettleForm())
        return context


class SettleView(StaffSettlementView):
    """Mark a settlement as settled: by whom, when, how. Once only."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = SettleForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(settle_form=form), status=400
            )
        try:
            settle_statement(
                self.object,
                request.user,
                form.cleaned_data["method"],
                form.cleaned_data["note"],
            )
        except SettlementRefused as exc:
            form.add_error(None, str(exc))
            return self.render_to_response(
                self.get_context_data(settle_form=form), status=400
            )
        messages.success(request, _("The settlement is recorded."))
        return redirect("settlements-dashboard:settlement", pk=self.object.pk)


# The artisan's back office
# ------------------------------------------------------------------------------


class StatementListView(VendorRequiredMixin, generic.TemplateView):
    """The artisan's months: commission statement, the chamber's invoice and
    the settlement of what was collected at pickup."""

    template_name = "vendors/settlements/backoffice/statements.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["months"] = statements_of(self.vendor)
        return context


class CommissionStatementView(VendorRequiredMixin, generic.DetailView):
    template_name = "vendors/settlements/backoffice/commission_statement.html"
    context_object_name = "statement"

    def get_queryset(self):
        return CommissionStatement.objects.filter(vendor=self.vendor).select_related(
            "invoice"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = self.object.lines.select_related("vendor_order")
        return context


class SettlementView(VendorRequiredMixin, generic.DetailView):
    template_name = "vendors/settlements/backoffice/settlement.html"
    context_object_name = "statement"

    def get_queryset(self):
        return SettlementStatement.objects.filter(vendor=self.vendor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = self.object.entries.select_related("vendor_order")
        return context


class InvoicePDFView(VendorRequiredMixin, generic.View):
    def get(self, request, pk):
        invoice = get_object_or_404(
            CommissionInvoice.objects.filter(statement__vendor=self.vendor), pk=pk
        )
        return invoice_pdf_response(
            request, invoice, reverse("backoffice:settlement-statements")
        )
