"""Chamber staff's view of payouts: every artisan's ledger, accounts, refunds.

Staff only, like the rest of Oscar's dashboard (``StaffRequiredMixin``).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic

from vendors.dashboard.views import StaffRequiredMixin
from vendors.models import VendorOrder

from .actions import RefundRefused, record_refund_at_pickup
from .actions.manual_refunds import pickup_refund_summary
from .backoffice_views import LedgerCSVMixin, RefundViewBase
from .fetch import PayoutLedger, payout_ledger, staff_ledger, vendors_who_cannot_be_paid
from .forms import PickupRefundForm, StaffLedgerFilterForm


class StaffLedgerView(StaffRequiredMixin, LedgerCSVMixin, generic.TemplateView):
    """Every artisan's ledger, filtered by artisan and period; CSV on request."""

    template_name = "payment/dashboard/ledger.html"
    csv_with_artisan = True

    def get(self, request, *args, **kwargs):
        form = StaffLedgerFilterForm(request.GET or None)
        if not form.is_bound:
            ledger = payout_ledger(staff_ledger())
        elif form.is_valid():
            ledger = payout_ledger(
                staff_ledger(
                    vendor=form.cleaned_data["vendor"],
                    date_from=form.cleaned_data["date_from"],
                    date_to=form.cleaned_data["date_to"],
                )
            )
        else:
            ledger = PayoutLedger()
        if self.wants_csv():
            return self.csv_response(ledger)
        context = self.get_context_data(
            form=form,
            ledger=ledger,
            unpayable_vendors=list(vendors_who_cannot_be_paid()),
            csv_query=self.csv_query(),
        )
        return self.render_to_response(context)

    def csv_query(self):
        query = self.request.GET.copy()
        query["format"] = "csv"
        return query.urlencode()


class StaffRefundView(StaffRequiredMixin, RefundViewBase):
    """Chamber staff refund (part of) any artisan's vendor order."""

    template_name = "payment/dashboard/refund.html"

    def get_vendor_orders(self):
        return VendorOrder.objects.all()

    def get_success_url(self):
        return reverse("payments-dashboard:ledger")


class StaffPickupRefundView(StaffRequiredMixin, generic.FormView):
    """Chamber staff record a refund made by hand on a part paid at pickup.

    The form is also on the part's page; posted here, a refused refund is
    shown again with the reason (nothing changed), a recorded one goes back
    to the part's page.
    """

    template_name = "payment/dashboard/refund_at_pickup.html"
    form_class = PickupRefundForm

    def dispatch(self, request, *args, **kwargs):
        self.vendor_order = get_object_or_404(
            VendorOrder.objects.select_related("order", "vendor__partner"),
            number=kwargs["number"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["vendor_order"] = self.vendor_order
        context.update(pickup_refund_summary(self.vendor_order))
        return context

    def form_valid(self, form):
        try:
            refund = record_refund_at_pickup(
                self.vendor_order,
                form.cleaned_data["amount"],
                method=form.cleaned_data["method"],
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except RefundRefused as refused:
            form.add_error("amount", str(refused))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Refund of %(amount)s € recorded on %(number)s.")
            % {"amount": refund.amount, "number": self.vendor_order.number},
        )
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse(
            "vendors-dashboard:vendor-order-detail",
            kwargs={"number": self.vendor_order.number},
        )
