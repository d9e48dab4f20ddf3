"""The artisan's payouts in the back office: ledger, CSV export and refunds.

Every vendor order comes from ``vendors.scoping`` through ``fetch``: another
shop's vendor order is simply not found (404). The staff dashboard's views
(``dashboard_views``) reuse the ledger and refund views below with their own
scope and templates.
"""

import logging

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic

from vendors.backoffice.mixins import VendorRequiredMixin
from vendors.scoping import vendor_orders_of

from . import stripe_api
from .actions import RefundRefused, refund_vendor_order, refundable_amount
from .fetch import connected_account_of, payout_ledger, vendor_ledger, write_ledger_csv
from .forms import RefundForm
from .models import Transfer

logger = logging.getLogger(__name__)


class LedgerCSVMixin:
    """Answer ``?format=csv`` with the ledger as a CSV file."""

    csv_filename = "paiements.csv"
    csv_with_artisan = False

    def csv_response(self, ledger):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.csv_filename}"'
        write_ledger_csv(ledger, response, with_artisan=self.csv_with_artisan)
        return response

    def wants_csv(self):
        return self.request.GET.get("format") == "csv"


class PayoutLedgerView(VendorRequiredMixin, LedgerCSVMixin, generic.TemplateView):
    """What each completed vendor order brought the artisan, and their account."""

    template_name = "payment/backoffice/ledger.html"

    def get(self, request, *args, **kwargs):
        ledger = payout_ledger(vendor_ledger(self.vendor))
        if self.wants_csv():
            return self.csv_response(ledger)
        return self.render_to_response(self.get_context_data(ledger=ledger))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["account"] = connected_account_of(self.vendor)
        return context

    @property
    def csv_filename(self):
        return f"paiements-{self.vendor.slug}.csv"


class RefundViewBase(generic.FormView):
    """GET the refund form of a vendor order; POST it to refund.

    Subclasses say which vendor orders may be refunded (``get_vendor_orders``)
    and where to go afterwards. A refused refund is shown with the action's
    reason and changes nothing.
    """

    form_class = RefundForm

    def get_vendor_orders(self):
        raise NotImplementedError

    def get_vendor_order(self):
        return get_object_or_404(
            self.get_vendor_orders().select_related("order", "vendor__partner"),
            number=self.kwargs["number"],
        )

    def get(self, request, *args, **kwargs):
        self.vendor_order = self.get_vendor_order()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.vendor_order = self.get_vendor_order()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            vendor_order=self.vendor_order,
            refundable=refundable_amount(self.vendor_order),
            refunds=self.vendor_order.refunds.select_related("created_by"),
            transfer=Transfer.objects.filter(vendor_order=self.vendor_order).first(),
        )
        return context

    def form_valid(self, form):
        try:
            refund = refund_vendor_order(
                self.vendor_order,
                form.cleaned_data["amount"],
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except RefundRefused as refused:
            form.add_error("amount", str(refused))
            return self.form_invalid(form)
        except stripe_api.StripeError:
            logger.exception(
                "Vendor order %s: refund of %s € failed at Stripe",
                self.vendor_order.number,
                form.cleaned_data["amount"],
            )
            form.add_error(
                None,
                _(
                    "Stripe could not make the refund right now. Please try again "
                    "later: trying again never refunds twice."
                ),
            )
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(amount)s € refunded on order %(number)s.")
            % {"amount": refund.amount, "number": self.vendor_order.number},
        )
        return redirect(self.get_success_url())


class VendorOrderRefundView(VendorRequiredMixin, RefundViewBase):
    """The artisan refunds (part of) one of their own vendor orders."""

    template_name = "payment/backoffice/refund.html"

    def get_vendor_orders(self):
        return vendor_orders_of(self.vendor)

    def get_success_url(self):
        return reverse("backoffice:payout-ledger")
