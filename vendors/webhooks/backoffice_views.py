"""The artisan's webhook endpoints and their delivery log, in their back
office. Another shop's endpoint is not found (404); a secret is shown once,
after it is made or rotated."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from vendors.backoffice.mixins import VendorRequiredMixin

from .forms import WebhookEndpointForm
from .models import WebhookAttempt, WebhookEndpoint, new_secret

SECRET_SESSION_KEY = "webhooks:secret-to-show"
LOG_SHOWN = 50


def show_secret_once(request, endpoint):
    request.session[SECRET_SESSION_KEY] = [endpoint.pk, endpoint.secret]


class EndpointMixin(VendorRequiredMixin):
    def get_endpoint(self):
        return get_object_or_404(
            WebhookEndpoint.objects.filter(vendor=self.vendor), pk=self.kwargs["pk"]
        )


class EndpointListView(VendorRequiredMixin, generic.TemplateView):
    template_name = "vendors/webhooks/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["endpoints"] = WebhookEndpoint.objects.filter(vendor=self.vendor)
        return context


class EndpointCreateView(VendorRequiredMixin, generic.CreateView):
    template_name = "vendors/webhooks/form.html"
    form_class = WebhookEndpointForm

    def form_valid(self, form):
        form.instance.vendor = self.vendor
        endpoint = form.save()
        show_secret_once(self.request, endpoint)
        messages.success(self.request, _("Your endpoint is saved."))
        return redirect("backoffice:webhook-detail", pk=endpoint.pk)


class EndpointUpdateView(EndpointMixin, generic.UpdateView):
    template_name = "vendors/webhooks/form.html"
    form_class = WebhookEndpointForm

    def get_object(self, queryset=None):
        return self.get_endpoint()

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your endpoint is saved."))
        return redirect("backoffice:webhook-detail", pk=self.object.pk)


class EndpointDetailView(EndpointMixin, generic.TemplateView):
    """An endpoint and its delivery log: each attempt, newest first."""

    template_name = "vendors/webhooks/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        endpoint = self.get_endpoint()
        shown = self.request.session.pop(SECRET_SESSION_KEY, None)
        context.update(
            endpoint=endpoint,
            secret=shown[1] if shown and shown[0] == endpoint.pk else None,
            attempts=WebhookAttempt.objects.filter(delivery__endpoint=endpoint)
            .select_related("delivery__event")
            .order_by("-attempted_at", "-pk")[:LOG_SHOWN],
        )
        return context


class EndpointRotateSecretView(EndpointMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        endpoint = self.get_endpoint()
        endpoint.secret = new_secret()
        endpoint.secret_rotated_at = timezone.now()
        endpoint.save(update_fields=["secret", "secret_rotated_at"])
        show_secret_once(request, endpoint)
        messages.success(request, _("A new secret signs the next deliveries."))
        return redirect("backoffice:webhook-detail", pk=endpoint.pk)


class EndpointDeleteView(EndpointMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.get_endpoint().delete()
        messages.success(request, _("The endpoint is deleted."))
        return redirect("backoffice:webhook-list")
