"""Chamber staff's pages on artisans: applications, shops, their orders and
commissions.

Staff only, like the rest of Oscar's dashboard. The views read and present;
every write goes through ``vendors.actions``, and every step of an artisan's
order through the order conductor (``vendors.lifecycle``).
"""

from django.contrib import messages
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.views.decorators import permissions_required

from shop.apps.payment.actions.manual_refunds import pickup_refund_summary
from shop.apps.payment.forms import PickupRefundForm
from vendors.actions import (
    ReviewNotAllowed,
    approve_application,
    reactivate_vendor,
    reject_application,
    shop_history,
    suspend_vendor,
)
from vendors.backoffice.views_shop import PartPageMixin, PartStepMixin
from vendors.lifecycle import Actor
from vendors.models import (
    ActorRole,
    ApplicationStatus,
    Vendor,
    VendorApplication,
    VendorOrder,
)
from vendors.reports import commission_report, write_commission_report_csv

from .forms import (
    ApplicationFilterForm,
    ApproveApplicationForm,
    CommissionReportForm,
    ReasonForm,
    VendorFilterForm,
    VendorTermsForm,
)


class StaffRequiredMixin:
    """Oscar's dashboard rule: visitors sign in, non-staff accounts get a 403."""

    @method_decorator(
        permissions_required(["is_staff"], login_url=reverse_lazy("dashboard:login"))
    )
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


def with_commission_percent(vendors):
    """Give each shop ``commission_percent``: its effective rate, in percent."""
    for vendor in vendors:
        vendor.commission_percent = vendor.effective_commission_rate * 100
    return vendors


# Applications
# ------------------------------------------------------------------------------


class ApplicationListView(StaffRequiredMixin, generic.ListView):
    template_name = "vendors/dashboard/application_list.html"
    context_object_name = "applications"
    paginate_by = 25

    def get_queryset(self):
        self.form = ApplicationFilterForm(self.request.GET)
        queryset = VendorApplication.objects.select_related(
            "user", "reviewed_by", "vendor"
        ).annotate(
            # Pending applications first: they are the staff's to-do list.
            review_order=Case(
                When(status=ApplicationStatus.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        if self.form.is_valid() and self.form.cleaned_data["status"]:
            queryset = queryset.filter(status=self.form.cleaned_data["status"])
        return queryset.order_by("review_order", "-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["is_filtered"] = bool(self.request.GET.get("status"))
        return context


class ApplicationDetailView(StaffRequiredMixin, generic.DetailView):
    model = VendorApplication
    template_name = "vendors/dashboard/application_detail.html"
    context_object_name = "application"

    def get_queryset(self):
        return VendorApplication.objects.select_related(
            "user", "reviewed_by", "vendor__partner"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("approve_form", ApproveApplicationForm())
        context.setdefault("reject_form", ReasonForm())
        return context


class ApplicationReviewView(StaffRequiredMixin, generic.edit.BaseFormView):
    """Posts one review form; an invalid form is shown again on the detail page."""

    http_method_names = ["post"]
    form_context_name = None

    def post(self, request, *args, **kwargs):
        self.detail = ApplicationDetailView(request=request, kwargs=kwargs)
        self.object = self.detail.get_object()
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        self.detail.object = self.object
        context = self.detail.get_context_data(**{self.form_context_name: form})
        return self.detail.render_to_response(context)

    def form_valid(self, form):
        try:
            self.review(form.cleaned_data)
        except ReviewNotAllowed as refusal:
            messages.error(self.request, str(refusal))
        return redirect("vendors-dashboard:application-detail", pk=self.object.pk)


class ApplicationApproveView(ApplicationReviewView):
    form_class = ApproveApplicationForm
    form_context_name = "approve_form"

    def review(self, data):
        vendor = approve_application(
            self.object, self.request.user, commission_rate=data["commission_rate"]
        )
        messages.success(
            self.request,
            _("The shop “%(name)s” is open; its artisan has been e-mailed.")
            % {"name": vendor.name},
        )


class ApplicationRejectView(ApplicationReviewView):
    form_class = ReasonForm
    form_context_name = "reject_form"

    def review(self, data):
        reject_application(self.object, self.request.user, data["reason"])
        messages.success(
            self.request,
            _("The application of “%(name)s” is rejected; the reason was e-mailed.")
            % {"name": self.object.company_name},
        )


# Shops
# ------------------------------------------------------------------------------


class VendorListView(StaffRequiredMixin, generic.ListView):
    template_name = "vendors/dashboard/vendor_list.html"
    context_object_name = "vendors"
    paginate_by = 25

    def get_queryset(self):
        self.form = VendorFilterForm(self.request.GET)
        queryset = Vendor.objects.select_related("partner").annotate(
            product_count=Count("partner__stockrecords__product", distinct=True)
        )
        if self.form.is_valid():
            if self.form.cleaned_data["q"]:
                queryset = queryset.filter(
                    partner__name__icontains=self.form.cleaned_data["q"]
                )
            if self.form.cleaned_data["status"]:
                queryset = queryset.filter(status=self.form.cleaned_data["status"])
        return queryset.order_by("partner__name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with_commission_percent(context["vendors"])
        context["form"] = self.form
        context["is_filtered"] = bool(
            self.request.GET.get("q") or self.request.GET.get("status")
        )
        return context


class VendorDetailView(StaffRequiredMixin, generic.UpdateView):
    """A shop's staff settings (commission, VAT), status and its changes."""

    form_class = VendorTermsForm
    template_name = "vendors/dashboard/vendor_detail.html"
    context_object_name = "vendor"
    recent_orders_shown = 20

    def get_queryset(self):
        return Vendor.objects.select_related("partner", "application").annotate(
            product_count=Count("partner__stockrecords__product", distinct=True)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with_commission_percent([self.object])
        context.setdefault("suspend_form", ReasonForm())
        context["history"] = shop_history(self.object)
        context["accounts"] = self.object.partner.users.order_by("email")
        context["recent_orders"] = self.object.vendor_orders.all()[
            : self.recent_orders_shown
        ]
        return context

    def form_valid(self, form):
        messages.success(
            self.request,
            _("The settings of “%(name)s” are saved.") % {"name": self.object.name},
        )
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("vendors-dashboard:vendor-detail", kwargs={"pk": self.object.pk})


class VendorSuspendView(StaffRequiredMixin, generic.edit.BaseFormView):
    form_class = ReasonForm
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.detail = VendorDetailView(request=request, kwargs=kwargs)
        self.object = self.detail.get_object()
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        self.detail.object = self.object
        context = self.detail.get_context_data(
            form=VendorTermsForm(instance=self.object), suspend_form=form
        )
        return self.detail.render_to_response(context)

    def form_valid(self, form):
        reason = form.cleaned_data["reason"]
        try:
            suspend_vendor(self.object, self.request.user, reason)
        except ReviewNotAllowed as refusal:
            messages.error(self.request, str(refusal))
        else:
            messages.success(
                self.request,
                _(
                    "The shop “%(name)s” is suspended: its products can no longer "
                    "be bought. Reason sent to the artisan: %(reason)s"
                )
                % {"name": self.object.name, "reason": reason},
            )
        return redirect("vendors-dashboard:vendor-detail", pk=self.object.pk)


class VendorReactivateView(
    StaffRequiredMixin, generic.detail.SingleObjectMixin, generic.View
):
    model = Vendor
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        vendor = self.get_object()
        try:
            reactivate_vendor(vendor, request.user)
        except ReviewNotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("The shop “%(name)s” is selling again; its artisan was e-mailed.")
                % {"name": vendor.name},
            )
        return redirect("vendors-dashboard:vendor-detail", pk=vendor.pk)


# One artisan's part of an order
# ------------------------------------------------------------------------------


class VendorOrderDetailView(StaffRequiredMixin, PartPageMixin, generic.DetailView):
    """One artisan's part of an order: its lines, customer, pickup and history,
    with the steps chamber staff may take (cancel, confirm a delivery, take a
    parcel back)."""

    template_name = "vendors/dashboard/vendor_order_detail.html"
    context_object_name = "vendor_order"
    role = ActorRole.STAFF
    step_url_name = "vendors-dashboard:vendor-order-step"

    def part_queryset(self):
        return VendorOrder.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A part paid at pickup: the form to record a refund made by hand.
        context.update(pickup_refund_summary(self.object))
        context["pickup_refund_form"] = PickupRefundForm()
        return context


class VendorOrderStepView(PartStepMixin, VendorOrderDetailView):
    """Chamber staff take one step of an artisan's part."""

    detail_url_name = "vendors-dashboard:vendor-order-detail"

    def actor(self):
        return Actor.staff(self.request.user)


# Commissions
# ------------------------------------------------------------------------------


class CommissionReportView(StaffRequiredMixin, generic.TemplateView):
    """Sales, commission and net due per artisan over a period; CSV on request."""

    template_name = "vendors/dashboard/commission_report.html"

    def get(self, request, *args, **kwargs):
        form = CommissionReportForm(request.GET)
        report = None
        if form.is_valid():
            report = commission_report(
                form.cleaned_data["date_from"], form.cleaned_data["date_to"]
            )
            if request.GET.get("format") == "csv":
                return self.csv_response(report)
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def csv_response(self, report):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"commissions-{report.date_from}-{report.date_to}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        write_commission_report_csv(report, response)
        return response
