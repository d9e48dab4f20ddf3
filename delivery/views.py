"""The logistics console: manifests, check-in, hand-over and the day's takings
at pickup points.

Every view starts from ``PickupPoint.objects.run_by(user)``: a point the
account does not run, or one of its parcels, is a 404, and nothing changes.
Receiving and handing over a parcel are steps of its artisan's order, taken
through the order conductor (``vendors.lifecycle``).
"""

import csv
import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from shop.apps.core.http import client_address
from shop.apps.core.spreadsheets import spreadsheet_safe
from shop.apps.payment.fetch import amounts_to_collect, collections_of_day
from shop.apps.payment.models import CollectionMethod
from vendors.lifecycle import (
    Actor,
    Collection,
    StepInput,
    StepRefused,
    hand_over_at_point,
    hand_over_preview,
    perform,
)
from vendors.models import PartAction

from .fetch import customer_name, day_bounds, manifest_by_slot, points_with_day_counts
from .forms import HandOverForm, ManifestFilterForm, PickupCodeForm
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


def read_filters(request, warn=True):
    """The day and search of the query string, validated.

    A day that is not one is replaced by today, with a warning when ``warn``
    (a page; a download has nowhere to show it).
    """
    filters = ManifestFilterForm(request.GET)
    filters.is_valid()
    if warn and "date" in filters.errors:
        messages.warning(
            request,
            _("“%(date)s” is not a valid day (YYYY-MM-DD): here is today's list.")
            % {"date": request.GET.get("date", "")[:20]},
        )
    return filters


def csv_response(filename, header, rows):
    """A CSV download of ``rows`` under ``header``, every cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response


def staff_name(user):
    """How a member of staff is named on the takings: full name, else e-mail."""
    if user is None:
        return ""
    return user.get_full_name().strip() or user.email


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
        as_csv = request.GET.get("format") == "csv"
        filters = read_filters(request, warn=not as_csv)
        self.day = filters.cleaned_data.get("date") or timezone.localdate()
        self.query = filters.cleaned_data.get("q", "")
        self.slots = manifest_by_slot(self.point, self.day, self.query)
        rows = [row for manifest_slot in self.slots for row in manifest_slot.rows]
        due = amounts_to_collect(
            row.reservation.vendor_order
            for row in rows
            if row.reservation.vendor_order is not None
        )
        for row in rows:
            row.amount_to_collect = due.get(row.reservation.vendor_order_id)
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
        header = [
            _("Slot"),
            _("Order"),
            _("Artisan"),
            _("Customer"),
            _("Status"),
            _("To collect (EUR)"),
        ]
        rows = []
        for manifest_slot in self.slots:
            slot = manifest_slot.slot
            period = "{}–{}".format(
                date_format(timezone.localtime(slot.starts_at), "H:i"),
                date_format(timezone.localtime(slot.ends_at), "H:i"),
            )
            rows.extend(
                (
                    period,
                    row.order_number,
                    row.artisan,
                    row.customer,
                    row.status_label,
                    "" if row.amount_to_collect is None else row.amount_to_collect,
                )
                for row in manifest_slot.rows
            )
        return csv_response(f"manifest-{self.point.slug}-{self.day}.csv", header, rows)


class CheckInView(LogisticsRequiredMixin, View):
    """Record that an artisan brought a parcel booked at this point."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        reservation = get_object_or_404(
            Reservation.objects.select_related("slot", "vendor_order__order"),
            pk=kwargs["pk"],
            slot__point=self.point,
            status=ReservationStatus.CONFIRMED,
            vendor_order__isnull=False,
        )
        vendor_order = reservation.vendor_order
        try:
            perform(
                vendor_order,
                PartAction.CHECK_IN,
                Actor.logistics(request.user, self.point),
            )
        except StepRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("Parcel received: order %(number)s.")
                % {"number": vendor_order.order.number},
            )
        day = timezone.localtime(reservation.slot.starts_at).date()
        return redirect(manifest_url(self.point, day))


class HandOverView(LogisticsRequiredMixin, FormView):
    """Release a parcel against the pickup code typed or scanned.

    The code alone hands the parcel over when there is nothing to collect and
    it is the slot's day. Otherwise the parcel is shown first: the amount the
    customer pays (and how they pay it), or the day to confirm.
    """

    form_class = HandOverForm
    template_name = "delivery/console/hand_over.html"

    def actor(self):
        return Actor.logistics(
            self.request.user, self.point, address=client_address(self.request)
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            preview = hand_over_preview(self.point, data["code"], self.actor())
        except StepRefused as refusal:
            return self.refused(form, refusal)
        to_answer = preview.amount_to_collect is not None or preview.day_warning
        if to_answer and not data["confirm"]:
            return self.ask_to_confirm(form, preview)
        collection = None
        if data.get("method"):
            collection = Collection(data["method"], data.get("amount") or 0)
        try:
            vendor_order = hand_over_at_point(
                self.point,
                data["code"],
                self.actor(),
                StepInput(
                    collection=collection, confirm_off_day=data["confirm_off_day"]
                ),
            )
        except StepRefused as refusal:
            # CollectionNeeded and StepNeedsConfirmation too: the parcel is
            # shown again, with what is still missing.
            return self.refused(form, refusal, preview if data["confirm"] else None)
        order = vendor_order.order
        messages.success(
            self.request,
            _("Parcel handed over: order %(number)s for %(customer)s.")
            % {"number": order.number, "customer": customer_name(order) or "—"},
        )
        if collection is not None:
            messages.info(
                self.request,
                _("Collected: %(amount)s € (%(method)s).")
                % {
                    "amount": number_format(collection.amount, 2),
                    "method": CollectionMethod(collection.method).label,
                },
            )
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        # A mistyped amount on the parcel's page: show the parcel again.
        preview = None
        if form.cleaned_data.get("confirm") and form.cleaned_data.get("code"):
            try:
                preview = hand_over_preview(
                    self.point, form.cleaned_data["code"], self.actor()
                )
            except StepRefused:
                preview = None
        return self.render_to_response(
            self.get_context_data(form=form, preview=preview)
        )

    def ask_to_confirm(self, form, preview):
        confirm_form = HandOverForm(
            initial={
                "code": form.cleaned_data["code"],
                "confirm": True,
                "amount": preview.amount_to_collect,
            }
        )
        return self.render_to_response(
            self.get_context_data(form=confirm_form, preview=preview)
        )

    def refused(self, form, refusal, preview=None):
        messages.error(self.request, str(refusal))
        return self.render_to_response(
            self.get_context_data(form=form, preview=preview)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        preview = context.get("preview")
        if preview is not None:
            context["customer"] = customer_name(preview.vendor_order.order)
        return context

    def get_success_url(self):
        return reverse("logistics:hand-over", kwargs={"slug": self.point.slug})


class TakingsView(LogisticsRequiredMixin, TemplateView):
    """What a point collected on a day for parcels paid at pickup, by means;
    printable, and as CSV."""

    template_name = "delivery/console/takings.html"

    def get(self, request, *args, **kwargs):
        as_csv = request.GET.get("format") == "csv"
        filters = read_filters(request, warn=not as_csv)
        self.day = filters.cleaned_data.get("date") or timezone.localdate()
        start, end = day_bounds(self.day)
        self.collections, self.totals = collections_of_day(self.point, start, end)
        if as_csv:
            return self.render_csv()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            day=self.day,
            collections=self.collections,
            totals=self.totals,
            total=sum((amount for _m, _l, amount in self.totals), Decimal("0.00")),
            previous_day=self.day - datetime.timedelta(days=1),
            next_day=self.day + datetime.timedelta(days=1),
        )
        return context

    def render_csv(self):
        header = [
            _("Time"),
            _("Order"),
            _("Artisan"),
            _("Means of payment"),
            _("Amount (EUR)"),
            _("Collected by"),
        ]
        rows = (
            (
                date_format(timezone.localtime(collection.collected_at), "H:i"),
                collection.vendor_order.number,
                collection.vendor_order.vendor.partner.name,
                collection.get_method_display(),
                collection.amount,
                staff_name(collection.collected_by),
            )
            for collection in self.collections
        )
        return csv_response(f"takings-{self.point.slug}-{self.day}.csv", header, rows)
