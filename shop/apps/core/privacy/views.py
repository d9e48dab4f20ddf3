"""The person's data: their export, and the deletion of their account."""

import tempfile

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class

from vendors.backoffice.mixins import VendorRequiredMixin
from vendors.scoping import vendor_for_user

from .erasure import DeletionRefused, delete_account, deletion_refusal
from .export import archive_name, write_archive
from .forms import AccountDeletionForm

PageTitleMixin = get_class("customer.mixins", "PageTitleMixin")

# An archive bigger than this goes to a temporary file on disk.
IN_MEMORY_BYTES = 8 * 1024 * 1024


class PersonalDataView(LoginRequiredMixin, PageTitleMixin, generic.TemplateView):
    """The account area's page on the person's data: download, delete."""

    template_name = "privacy/account_data.html"
    page_title = _("My data")
    active_tab = "privacy"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["runs_shop"] = vendor_for_user(self.request.user) is not None
        context["deletion_refusal"] = deletion_refusal(self.request.user)
        return context


class PersonalDataDownloadView(LoginRequiredMixin, generic.View):
    """The zip of the signed-in person's data, built now (see ``export``)."""

    def get(self, request, *args, **kwargs):
        archive = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)
        write_archive(request.user, archive)
        archive.seek(0)
        response = FileResponse(
            archive,
            as_attachment=True,
            filename=archive_name(),
            content_type="application/zip",
        )
        response["Cache-Control"] = "private, no-store"
        return response


class AccountDeleteView(LoginRequiredMixin, PageTitleMixin, generic.FormView):
    """Delete the account, once the person confirmed with their password."""

    form_class = AccountDeletionForm
    template_name = "privacy/account_delete.html"
    page_title = _("Delete my account")
    active_tab = "privacy"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deletion_refusal"] = deletion_refusal(self.request.user)
        return context

    def form_valid(self, form):
        try:
            delete_account(self.request.user)
        except DeletionRefused as refusal:
            messages.error(self.request, str(refusal))
            return redirect("privacy:account-data")
        logout(self.request)
        messages.success(
            self.request,
            _(
                "Your account has been deleted. Your orders are kept for the "
                "accounting records, without your name, e-mail or addresses."
            ),
        )
        return redirect("/")


class ShopDataView(VendorRequiredMixin, generic.TemplateView):
    """The back office's page on the data of the artisan and their shop."""

    template_name = "privacy/backoffice_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["download_url"] = reverse("privacy:export")
        context["deletion_refusal"] = deletion_refusal(self.request.user)
        return context
