"""The logistics console: manifests, check-in and hand-over at pickup points.

Every view starts from ``PickupPoint.objects.run_by(user)``: a point the
account does not run, or one of its parcels, is a 404, and nothing changes.
"""

import csv
import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from .actions import (
    PickupCodeRefused,
    check_in_parcel,
    hand_over_parcel_and_close_order,
)
from .fetch import customer_name, manifest_by_slot, points_with_day_counts
from .forms import ManifestFilterForm, PickupCodeForm
from .models import PickupPoint, Reservation, ReservationStatus


class LogisticsRequiredMixin(LoginRequiredMixin):
    """Let in accounts that run at least one pickup point (others: 403).

    A point the account does not run is a 404. Sets ``self.points`` (the
    points run) and, for URLs with a point's slug, ``self.point``.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.points = PickupPoint.objects.run_by(request.user)
        if not self.points.exists():
            raise PermissionDenied
        if "slug" in kwargs:
            self.point = get_object_or_404(self.points, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["point"] = getattr(self, "point", None)
        return context


def manifest_url(point, day=None):
    url = reverse("logistics:manifest", kwargs={"slug": point.slug})
    return f"{url}?date={day.isoformat()}" if day else url


class ConsoleHomeView(LogisticsRequiredMixin, TemplateView):
    template_name = "delivery/console/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["points"] = points_with_day_counts(self.request.user, context["today"])
        return context


class ManifestView(LogisticsRequiredMixin, TemplateView):
    """A point's parcels of a day, by slot; printable, and as CSV."""

    template_name = "delivery/console/manifest.html"

    def get(self, request, *args, **kwargs):
        filters = ManifestFilterForm(request.GET)
        filters.is_valid()
        self.day = filters.cleaned_data.get("date") or timezone.localdate()
        self.query = filters.cleaned_data.get("q", "")
        as_csv = request.GET.get("format") == "csv"
        if "date" in filters.errors and not as_csv:
            messages.warning(
                request,
                _("“%(date)s” is not a valid day (YYYY-MM-DD): here is today's list.")
                % {"date": request.GET.get("date", "")[:20]},
            )
        self.slots = manifest_by_slot(self.point, self.day, self.query)
        if as_csv:
            return self.render_csv()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            day=self.day,
            query=self.query,
            slots=self.slots,
            parcel_count=sum(len(s.rows) for s in self.slots),
            filter_form=ManifestFilterForm(initial={"date": self.day, "q": self.query}),
            code_form=PickupCodeForm(),
            previous_day=self.day - datetime.timedelta(days=1),
            next_day=self.day + datetime.timedelta(days=1),
        )
        return context

    def render_csv(self):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="manifest-{self.point.slug}-{self.day}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Slot"),
                _("Order"),
                _("Artisan"),
                _("Customer"),
                _("Pickup code"),
                _("Status"),
            ]
        )
        for manifest_slot in self.slots:
            slot = manifest_slot.slot
            period = "{}–{}".format(
                date_format(timezone.localtime(slot.starts_at), "H:i"),
                date_format(timezone.localtime(slot.ends_at), "H:i"),
            )
            for row in manifest_slot.rows:
                writer.writerow(
                    [
                        safe_cell(value)
                        for value in (
                            period,
                            row.order_number,
                            row.artisan,
                            row.customer,
                            row.code_hint,
                            row.status_label,
                        )
                    ]
                )
        return response


def safe_cell(value):
    """A CSV cell a spreadsheet will not run as a formula."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class CheckInView(LogisticsRequiredMixin, View):
    """Record that an artisan brought a parcel booked at this point."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        reservation = get_object_or_404(
            Reservation.objects.select_related("slot", "vendor_order__order"),
            pk=kwargs["pk"],
            slot__point=self.point,
            status=ReservationStatus.CONFIRMED,
        )
        try:
            check_in_parcel(reservation, request.user)
        except PickupCodeRefused as refusal:
            messages.error(request, str(refusal))
        else:
            vendor_order = reservation.vendor_order
            messages.success(
                request,
                _("Parcel received: order %(number)s.")
                % {"number": vendor_order.order.number if vendor_order else "—"},
            )
        day = timezone.localtime(reservation.slot.starts_at).date()
        return redirect(manifest_url(self.point, day))


class HandOverView(LogisticsRequiredMixin, FormView):
    """Release a parcel against the pickup code typed or scanned."""

    form_class = PickupCodeForm
    template_name = "delivery/console/hand_over.html"

    def form_valid(self, form):
        try:
            reservation = hand_over_parcel_and_close_order(
                self.point, form.cleaned_data["code"], self.request.user
            )
        except PickupCodeRefused as refusal:
            messages.error(self.request, str(refusal))
            return self.render_to_response(self.get_context_data(form=form))
        vendor_order = reservation.vendor_order
        order = vendor_order.order if vendor_order is not None else None
        messages.success(
            self.request,
            _("Parcel handed over: order %(number)s for %(customer)s.")
            % {
                "number": order.number if order else "—",
                "customer": customer_name(order) or "—",
            },
        )
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("logistics:hand-over", kwargs={"slug": self.point.slug})
