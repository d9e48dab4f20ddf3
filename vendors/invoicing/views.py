"""Pages and PDF downloads of invoices and credit notes.

The same two views (the document's page, its PDF) serve three audiences, each
through its own scope from ``fetch``: the artisan (back office), the customer
(their account) and chamber staff (dashboard). A document outside the scope is
not found (404). The PDF is served from the private storage; when the task has
not rendered it yet, it is rendered on the spot.
"""

import logging

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class

from vendors.backoffice.mixins import VendorRequiredMixin
from vendors.dashboard.views import StaffRequiredMixin

from . import actions, fetch
from .documents import document_context, open_pdf
from .forms import MonthFilterForm, NumberPrefixForm

logger = logging.getLogger(__name__)

AnonymousOrderMixin = get_class("customer.mixins", "AnonymousOrderMixin")


class DocumentMixin:
    """One document of ``kind`` ("invoice" or "credit_note") in the reader's
    scope (``get_documents``), as ``self.document``."""

    kind = "invoice"
    url_namespace = ""

    def get_documents(self):
        raise NotImplementedError

    def get_document(self):
        return get_object_or_404(self.get_documents(), pk=self.kwargs["pk"])

    def pdf_url(self, document):
        name = "invoice-pdf" if document.kind == "invoice" else "credit-note-pdf"
        return reverse(f"{self.url_namespace}:{name}", kwargs={"pk": document.pk})

    def invoice_url(self, invoice):
        return reverse(
            f"{self.url_namespace}:invoice-detail", kwargs={"pk": invoice.pk}
        )


class DocumentPageView(DocumentMixin, generic.TemplateView):
    """The document as a page: printable, with its PDF to download."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.get_document()
        context.update(document_context(document))
        context["pdf_url"] = self.pdf_url(document)
        if document.kind == "credit_note":
            context["invoice_url"] = self.invoice_url(document.invoice)
        else:
            context["credit_notes"] = list(document.credit_notes.order_by("pk"))
        return context


class DocumentPdfView(DocumentMixin, generic.View):
    """The document's PDF, as a download."""

    def get(self, request, *args, **kwargs):
        document = self.get_document()
        response = FileResponse(
            open_pdf(document),
            as_attachment=True,
            filename=f"{document.number}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response


# The artisan's back office
# ------------------------------------------------------------------------------


class ArtisanDocumentMixin(VendorRequiredMixin):
    url_namespace = "backoffice"

    def get_documents(self):
        return fetch.documents_for_vendor(self.kind, self.vendor)


class ArtisanDocumentPageView(ArtisanDocumentMixin, DocumentPageView):
    template_name = "vendors/invoicing/backoffice/document.html"


class ArtisanDocumentPdfView(ArtisanDocumentMixin, DocumentPdfView):
    pass


class ArtisanDocumentListView(VendorRequiredMixin, generic.TemplateView):
    """The artisan's invoices and credit notes, newest first, by month."""

    template_name = "vendors/invoicing/backoffice/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = MonthFilterForm(self.request.GET or None)
        month = form.cleaned_data["month"] if form.is_valid() else None
        if form.is_bound and not form.is_valid():
            documents = []
        elif month is not None:
            documents = fetch.vendor_documents(self.vendor, month.year, month.month)
        else:
            documents = fetch.vendor_documents(self.vendor)
        profile = actions.profile_of(self.vendor)
        context.update(
            form=form,
            month=month,
            documents=documents,
            profile=profile,
            prefix_frozen=actions.has_documents(self.vendor),
            prefix_form=kwargs.get("prefix_form")
            or NumberPrefixForm(initial={"number_prefix": profile.number_prefix}),
        )
        return context


class NumberPrefixView(VendorRequiredMixin, generic.View):
    """POST the prefix of the artisan's numbers (refused once they invoiced)."""

    def post(self, request, *args, **kwargs):
        form = NumberPrefixForm(request.POST)
        if form.is_valid():
            try:
                actions.change_number_prefix(
                    self.vendor, form.cleaned_data["number_prefix"]
                )
            except actions.PrefixFrozen as frozen:
                form.add_error("number_prefix", str(frozen))
            else:
                messages.success(request, _("The prefix of your numbers is saved."))
                return redirect("backoffice:invoice-list")
        view = ArtisanDocumentListView()
        view.setup(request, *args, **kwargs)
        view.vendor = self.vendor
        response = view.render_to_response(view.get_context_data(prefix_form=form))
        response.status_code = 400
        return response


# The customer's account
# ------------------------------------------------------------------------------


class CustomerDocumentMixin(LoginRequiredMixin):
    url_namespace = "invoicing-customer"

    def get_documents(self):
        return fetch.documents_for_customer(self.kind, self.request.user)


class CustomerDocumentPageView(CustomerDocumentMixin, DocumentPageView):
    template_name = "vendors/invoicing/customer/document.html"


class CustomerDocumentPdfView(CustomerDocumentMixin, DocumentPdfView):
    pass


class GuestDocumentMixin(AnonymousOrderMixin):
    """A guest's documents, through their order-status link, once Oscar's
    check of the link passed (number, verification hash and the e-mail
    address the guest typed); anything else is not found."""

    url_namespace = "invoicing-customer"

    def get_documents(self):
        order = self.get_object()  # Oscar's: a guest order, its link and e-mail
        if order is None:
            raise Http404
        return fetch.documents_for_guest(self.kind, order)

    def guest_url(self, name, document):
        kwargs = {"order_number": self.order_number, "hash": self.hash}
        return reverse(
            f"{self.url_namespace}:{name}", kwargs={**kwargs, "pk": document.pk}
        )

    def pdf_url(self, document):
        if document.kind == "invoice":
            return self.guest_url("guest-invoice-pdf", document)
        return self.guest_url("guest-credit-note-pdf", document)

    def invoice_url(self, invoice):
        return self.guest_url("guest-invoice-detail", invoice)


class GuestDocumentPageView(GuestDocumentMixin, DocumentPageView):
    template_name = "vendors/invoicing/customer/document.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["guest_hash"] = self.hash
        return context


class GuestDocumentPdfView(GuestDocumentMixin, DocumentPdfView):
    pass


# Chamber staff
# ------------------------------------------------------------------------------


class StaffDocumentMixin(StaffRequiredMixin):
    url_namespace = "invoicing-dashboard"

    def get_documents(self):
        return fetch.documents_for_staff(self.kind)


class StaffDocumentPageView(StaffDocumentMixin, DocumentPageView):
    template_name = "vendors/invoicing/dashboard/document.html"


class StaffDocumentPdfView(StaffDocumentMixin, DocumentPdfView):
    pass
