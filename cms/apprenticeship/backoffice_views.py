"""The artisan's apprenticeship offers and the applications they receive.

Every query starts from ``self.vendor``: another shop's offer or application
is a 404.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from vendors.backoffice.mixins import VendorRequiredMixin

from .forms import OfferForm, describe_errors
from .models import ApplicationStatus, ApprenticeshipApplication, OfferStatus


def offers_of(vendor):
    return vendor.apprenticeship_offers.all()


def applications_of(vendor):
    return ApprenticeshipApplication.objects.filter(offer__vendor=vendor)


class OfferListView(VendorRequiredMixin, generic.TemplateView):
    template_name = "apprenticeship/backoffice/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["offers"] = (
            offers_of(self.vendor)
            .annotate(
                application_count=Count("applications"),
                new_count=Count(
                    "applications", filter=Q(applications__status=ApplicationStatus.NEW)
                ),
            )
            .order_by("-created_at", "-pk")
        )
        return context


class OfferFormMixin(VendorRequiredMixin):
    template_name = "apprenticeship/backoffice/form.html"
    form_class = OfferForm

    def form_invalid(self, form):
        describe_errors(form)
        return super().form_invalid(form)

    def get_success_url(self):
        return reverse("backoffice:apprenticeship-list")


class OfferCreateView(OfferFormMixin, generic.CreateView):
    def get_initial(self):
        return {"town": self.vendor.town_id}

    def form_valid(self, form):
        form.instance.vendor = self.vendor
        messages.success(self.request, _("Your offer is published."))
        return super().form_valid(form)


class OfferUpdateView(OfferFormMixin, generic.UpdateView):
    def get_queryset(self):
        return offers_of(self.vendor)

    def form_valid(self, form):
        messages.success(self.request, _("Your offer is saved."))
        return super().form_valid(form)


class OfferStatusView(VendorRequiredMixin, generic.View):
    """Mark an offer filled, close it or reopen it (POST only)."""

    status = None

    def post(self, request, pk):
        offer = get_object_or_404(offers_of(self.vendor), pk=pk)
        if self.status == OfferStatus.OPEN and offer.closes_on < timezone.localdate():
            messages.error(
                request,
                _("Its closing date has passed: change it before reopening the offer."),
            )
            return redirect("backoffice:apprenticeship-update", pk=offer.pk)
        offer.status = self.status
        offer.save(update_fields=["status", "updated_at"])
        messages.success(request, _("The offer's status is changed."))
        return redirect("backoffice:apprenticeship-list")


class ApplicationListView(VendorRequiredMixin, generic.TemplateView):
    template_name = "apprenticeship/backoffice/applications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offer = get_object_or_404(offers_of(self.vendor), pk=self.kwargs["pk"])
        context["offer"] = offer
        context["applications"] = offer.applications.all()
        return context


class ApplicationDetailView(VendorRequiredMixin, generic.TemplateView):
    template_name = "apprenticeship/backoffice/application.html"

    def get_application(self):
        return get_object_or_404(
            applications_of(self.vendor).select_related("offer"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_application()
        if application.read_at is None:
            application.read_at = timezone.now()
            if application.status == ApplicationStatus.NEW:
                application.status = ApplicationStatus.READ
            application.save(update_fields=["read_at", "status"])
        context["application"] = application
        context["statuses"] = ApplicationStatus.choices
        return context

    def post(self, request, pk):
        application = self.get_application()
        status = request.POST.get("status")
        if status not in ApplicationStatus.values:
            messages.error(request, _("Unknown status."))
        else:
            application.status = status
            application.save(update_fields=["status"])
            messages.success(request, _("The application's status is changed."))
        return redirect("backoffice:apprenticeship-application", pk=application.pk)


class ApplicationCvView(VendorRequiredMixin, generic.View):
    def get(self, request, pk):
        application = get_object_or_404(applications_of(self.vendor), pk=pk)
        if not application.cv:
            raise Http404
        return FileResponse(
            application.cv.open("rb"),
            as_attachment=True,
            filename=f"cv-{application.pk}.pdf",
            content_type="application/pdf",
        )
