"""Overview, orders, shop settings and team of the artisan's back office.

Every query starts from ``vendors.scoping`` (or the shop's own partner), so
another shop's order or account is simply not found.
"""

from datetime import timedelta
from decimal import Decimal as D

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from delivery.actions import PickupCodeRefused, hand_over_parcel_and_close_order
from delivery.fetch import code_hint
from delivery.forms import PickupCodeForm
from delivery.models import Reservation, ReservationStatus
from vendors.actions import (
    InvalidTransition,
    TeamChangeRefused,
    change_vendor_order_status,
    invite_team_member,
    remove_team_member,
    update_shop_settings,
)
from vendors.models import Vendor, VendorOrderStatus, VendorStatus
from vendors.scoping import stockrecords_of, vendor_orders_of

from .forms_shop import (
    OrderFilterForm,
    ShopSettingsForm,
    TeamInvitationForm,
    VendorOrderStatusForm,
)
from .mixins import VendorRequiredMixin

LOW_STOCK_THRESHOLD = 3
SALES_PERIOD_DAYS = 30
# Parts of orders that bring no money in.
NOT_SOLD = [VendorOrderStatus.CANCELLED, VendorOrderStatus.REFUSED]


def sales_since(vendor, since):
    """Number, total and artisan's net of the shop's orders placed since ``since``."""
    sales = (
        vendor_orders_of(vendor)
        .filter(created_at__gte=since)
        .exclude(status__in=NOT_SOLD)
        .aggregate(
            count=Count("id"), total=Sum("total_incl_tax"), net=Sum("net_amount")
        )
    )
    sales["total"] = sales["total"] or D("0.00")
    sales["net"] = sales["net"] or D("0.00")
    return sales


def pickup_reservation(vendor_order):
    """The slot reservation of a pickup part (selected with it), or None."""
    try:
        return vendor_order.reservation
    except Reservation.DoesNotExist:
        return None


def low_stock_records(vendor, threshold=LOW_STOCK_THRESHOLD):
    """The shop's tracked stock records with ``threshold`` units or fewer left."""
    return (
        stockrecords_of(vendor)
        .filter(num_in_stock__isnull=False)
        .annotate(available=F("num_in_stock") - Coalesce("num_allocated", 0))
        .filter(available__lte=threshold)
        .select_related("product__parent")
        .order_by("available", "product__title")
    )


class OverviewView(VendorRequiredMixin, generic.TemplateView):
    template_name = "vendors/backoffice/overview.html"
    orders_shown = 10
    low_stock_shown = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        to_handle = vendor_orders_of(self.vendor).to_handle()
        since = timezone.now() - timedelta(days=SALES_PERIOD_DAYS)
        context.update(
            orders_to_handle=to_handle.select_related(
                "order__user", "order__shipping_address"
            )[: self.orders_shown],
            orders_to_handle_count=to_handle.count(),
            sales=sales_since(self.vendor, since),
            sales_period_days=SALES_PERIOD_DAYS,
            low_stock=low_stock_records(self.vendor)[: self.low_stock_shown],
            low_stock_threshold=LOW_STOCK_THRESHOLD,
            is_suspended=self.vendor.status == VendorStatus.SUSPENDED,
            is_closed=self.vendor.status == VendorStatus.CLOSED,
        )
        return context


class OrderListView(VendorRequiredMixin, generic.ListView):
    template_name = "vendors/backoffice/orders/list.html"
    context_object_name = "vendor_orders"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = OrderFilterForm(self.request.GET or None)
        # The pickup (point, slot, parcel) of each row comes with it: no
        # query per row.
        queryset = vendor_orders_of(self.vendor).select_related(
            "order__user", "order__shipping_address", "reservation__slot__point"
        )
        if self.filter_form.is_valid() and self.filter_form.cleaned_data["status"]:
            queryset = queryset.filter(status=self.filter_form.cleaned_data["status"])
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        for vendor_order in context["vendor_orders"]:
            vendor_order.pickup = pickup_reservation(vendor_order)
        return context


class OrderDetailView(VendorRequiredMixin, generic.DetailView):
    """One part of an order: what to prepare, for whom, and its history."""

    template_name = "vendors/backoffice/orders/detail.html"
    context_object_name = "vendor_order"

    def get_object(self, queryset=None):
        return get_object_or_404(
            vendor_orders_of(self.vendor).select_related(
                "order__user",
                "order__shipping_address",
                "vendor",
                "reservation__slot__point",
            ),
            number=self.kwargs["number"],
        )

    def get_status_form(self):
        return VendorOrderStatusForm(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object.order
        pickup = pickup_reservation(self.object)
        context.update(
            pickup=pickup,
            # Booked, so with a parcel to follow (not a released hold).
            pickup_is_booked=(
                pickup is not None and pickup.status == ReservationStatus.CONFIRMED
            ),
            # Enough for the artisan to recognise the code, not to collect.
            pickup_code_hint=code_hint(pickup.pickup_code) if pickup else "",
            order=order,
            lines=self.object.lines.select_related("product").order_by("id"),
            events=self.object.events.select_related("user"),
            shipping_address=order.shipping_address,
            customer_email=order.email,
            commission_percent=self.object.commission_rate * 100,
            status_form=kwargs.get("status_form") or self.get_status_form(),
        )
        return context


class OrderStatusChangeView(OrderDetailView):
    """POST a vendor order's next status; a refused change is shown, not made."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = VendorOrderStatusForm(self.object, request.POST)
        if form.is_valid():
            try:
                change_vendor_order_status(
                    self.object,
                    form.cleaned_data["to_status"],
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except InvalidTransition as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    _("Order %(number)s is now “%(status)s”. The customer is told.")
                    % {
                        "number": self.object.number,
                        "status": self.object.get_status_display(),
                    },
                )
                return redirect("backoffice:order-detail", number=self.object.number)
        messages.error(request, _("The order's status was not changed."))
        return self.render_to_response(self.get_context_data(status_form=form))


class WorkshopHandOverView(OrderDetailView):
    """POST the customer's pickup code to hand a workshop parcel over.

    Only for this artisan's own workshop: parcels at drive and relay points
    are handed over by the logistics staff of those points.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        pickup = pickup_reservation(self.object)
        if pickup is None or pickup.slot.point.vendor_id != self.vendor.pk:
            raise Http404
        form = PickupCodeForm(request.POST)
        if form.is_valid():
            try:
                hand_over_parcel_and_close_order(
                    pickup.slot.point, form.cleaned_data["code"], request.user
                )
            except PickupCodeRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(
                    request,
                    _("Parcel of order %(number)s handed over.")
                    % {"number": self.object.number},
                )
        else:
            messages.error(request, _("Please type the customer's pickup code."))
        return redirect("backoffice:order-detail", number=self.object.number)


class ShopSettingsView(VendorRequiredMixin, generic.UpdateView):
    template_name = "vendors/backoffice/settings/form.html"
    form_class = ShopSettingsForm

    def get_object(self, queryset=None):
        # A copy of the shop: a form that fails validation may have changed it.
        return Vendor.objects.select_related("partner").get(pk=self.vendor.pk)

    def form_valid(self, form):
        try:
            update_shop_settings(form.instance, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your shop's settings are saved."))
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("backoffice:settings")


class TeamView(VendorRequiredMixin, generic.FormView):
    """The accounts that run the shop, and an invitation form."""

    template_name = "vendors/backoffice/team/list.html"
    form_class = TeamInvitationForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = self.vendor.partner.users.order_by(
            "last_name", "first_name", "email"
        )
        return context

    def form_valid(self, form):
        try:
            user, created = invite_team_member(
                self.vendor,
                form.cleaned_data["email"],
                invited_by=self.request.user,
                use_https=self.request.is_secure(),
            )
        except TeamChangeRefused as refused:
            form.add_error("email", str(refused))
            return self.form_invalid(form)
        if created:
            message = _(
                "An account was created for %(email)s and an e-mail with a link "
                "to choose a password is on its way."
            )
        else:
            message = _("%(email)s is now in your team and was told by e-mail.")
        messages.success(self.request, message % {"email": user.email})
        return redirect("backoffice:team")


class TeamMemberRemoveView(VendorRequiredMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        member = get_object_or_404(self.vendor.partner.users, pk=self.kwargs["pk"])
        try:
            remove_team_member(self.vendor, member, removed_by=request.user)
        except TeamChangeRefused as refused:
            messages.error(request, str(refused))
            return redirect("backoffice:team")
        if member.pk == request.user.pk:
            messages.success(
                request,
                _("You left the team of %(shop)s.") % {"shop": self.vendor.name},
            )
            return redirect("/")
        messages.success(
            request,
            _("%(email)s no longer has access to your shop.") % {"email": member.email},
        )
        return redirect("backoffice:team")
