"""Chamber staff's view of payouts: every artisan's ledger, accounts, refunds.

Staff only, like the rest of Oscar's dashboard (``StaffRequiredMixin``).
"""

from django.urls import reverse
from django.views import generic

from vendors.dashboard.views import StaffRequiredMixin
from vendors.models import VendorOrder

from .backoffice_views import LedgerCSVMixin, RefundViewBase
from .fetch import PayoutLedger, payout_ledger, staff_ledger, vendors_who_cannot_be_paid
from .forms import StaffLedgerFilterForm


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
