"""Overview, orders, shop settings and team of the artisan's back office.

Every query starts from ``vendors.scoping`` (or the shop's own partner), so
another shop's order or account is simply not found.
"""

from datetime import timedelta
from decimal import Decimal as D

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import generic

from delivery.models import Reservation, ReservationStatus
from shop.apps.core.accounts.forms import SecondFactorCodeForm
from shop.apps.core.accounts.second_factor import (
    CodeRefused,
    device_accepting,
    has_authenticator,
    remove_second_factor,
)
from shop.apps.core.http import client_address
from shop.apps.payment.fetch import amount_to_collect
from vendors.actions import (
    TeamChangeRefused,
    accept_team_invitation,
    decline_team_invitation,
    invite_team_member,
    remove_team_member,
    revoke_team_invitation,
    update_shop_settings,
)
from vendors.fetch import part_history
from vendors.invitations import invitation_from_token
from vendors.lifecycle import (
    Actor,
    CollectionNeeded,
    StepNeedsConfirmation,
    StepRefused,
    perform,
    steps_for,
)
from vendors.models import (
    ActorRole,
    FulfilmentMethod,
    InvitationStatus,
    PartAction,
    Vendor,
    VendorOrderStatus,
    VendorStatus,
)
from vendors.scoping import stockrecords_of, vendor_orders_of

from .forms_shop import (
    OrderFilterForm,
    OrderStepForm,
    ShopSettingsForm,
    TeamInvitationForm,
)
from .mixins import VendorRequiredMixin

LOW_STOCK_THRESHOLD = 3
SALES_PERIOD_DAYS = 30
# Parts of orders that bring no money in.
NOT_SOLD = [
    VendorOrderStatus.CANCELLED,
    VendorOrderStatus.REFUSED,
    VendorOrderStatus.RETURNED,
]


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
        # ``orders_to_handle_count`` comes with every back-office page.
        context = super().get_context_data(**kwargs)
        to_handle = vendor_orders_of(self.vendor).to_handle()
        since = timezone.now() - timedelta(days=SALES_PERIOD_DAYS)
        context.update(
            orders_to_handle=to_handle.select_related(
                "order__user", "order__shipping_address"
            )[: self.orders_shown],
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


# One part of an order, for its artisan (and, through these mixins, for
# chamber staff in the dashboard)
# ------------------------------------------------------------------------------


class PartPageMixin:
    """The page of one part: what to prepare, for whom, its pickup, the steps
    ``role`` may take now (one small form each) and its history.

    ``part_queryset`` says which parts the page may open; ``step_url_name``
    is where each step's form posts.
    """

    role = ActorRole.ARTISAN
    step_url_name = "backoffice:order-step"

    def part_queryset(self):
        return vendor_orders_of(self.vendor)

    def get_object(self, queryset=None):
        return get_object_or_404(
            self.part_queryset().select_related(
                "order__user",
                "order__shipping_address",
                "vendor__partner",
                "reservation__slot__point",
            ),
            number=self.kwargs["number"],
        )

    def amount_due(self):
        """What the customer pays at the hand-over, or None."""
        return amount_to_collect(self.object)

    def get_step_forms(self, amount_due, bound=None):
        """One form per step ``role`` may take now; ``bound`` replaces its own."""
        return [
            (
                bound
                if bound is not None and bound.action == transition.action
                else OrderStepForm(transition, amount_due=amount_due)
            )
            for transition in steps_for(self.object, self.role)
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor_order = self.object
        order = vendor_order.order
        pickup = pickup_reservation(vendor_order)
        amount_due = self.amount_due()
        step_forms = self.get_step_forms(amount_due, kwargs.get("step_form"))
        context.update(
            pickup=pickup,
            # Booked, so with a parcel to follow (not a released hold).
            pickup_is_booked=(
                pickup is not None and pickup.status == ReservationStatus.CONFIRMED
            ),
            # Drive and relay parcels are checked in and handed over by the
            # point's staff, not by the artisan.
            handed_over_by_point_staff=(
                vendor_order.fulfilment_method == FulfilmentMethod.POINT_PICKUP
                and vendor_order.status
                in (VendorOrderStatus.READY, VendorOrderStatus.NO_SHOW)
            ),
            order=order,
            lines=vendor_order.lines.select_related("product").order_by("id"),
            events=part_history(vendor_order),
            shipping_address=order.shipping_address,
            customer_email=order.email,
            commission_percent=vendor_order.commission_rate * 100,
            amount_to_collect=amount_due,
            steps=[form for form in step_forms if not form.is_ending],
            ending_steps=[form for form in step_forms if form.is_ending],
            step_url_name=self.step_url_name,
        )
        return context


class PartStepMixin:
    """POST one step of a part (its form); a refused step is shown, not taken.

    For a view with ``PartPageMixin``: ``actor`` says who takes the step, and
    the part's page is shown again with the reason when it is refused.
    """

    http_method_names = ["post"]
    detail_url_name = "backoffice:order-detail"

    def actor(self):
        return Actor.artisan(self.request.user, address=client_address(self.request))

    def not_possible_message(self, action):
        vendor_order = self.object
        if (
            action == PartAction.HAND_OVER
            and self.role == ActorRole.ARTISAN
            and vendor_order.fulfilment_method == FulfilmentMethod.POINT_PICKUP
        ):
            return _(
                "Parcels at drive and relay points are handed over by their staff."
            )
        return _("“%(step)s” is not possible now: this order is “%(status)s”.") % {
            "step": action.label,
            "status": vendor_order.get_status_display(),
        }

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            action = PartAction(self.kwargs["action"])
        except ValueError:
            raise Http404 from None
        detail = redirect(self.detail_url_name, number=self.object.number)
        transitions = {t.action: t for t in steps_for(self.object, self.role)}
        if action not in transitions:
            messages.error(request, self.not_possible_message(action))
            return detail
        form = OrderStepForm(
            transitions[action], request.POST, amount_due=self.amount_due()
        )
        if form.is_valid():
            try:
                perform(self.object, action, self.actor(), form.step_input())
            except (CollectionNeeded, StepNeedsConfirmation) as needed:
                form.ask_for(needed)
            except StepRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    _("Order %(number)s is now “%(status)s”.")
                    % {
                        "number": self.object.number,
                        "status": self.object.get_status_display(),
                    },
                )
                return detail
        messages.error(request, _("The order has not changed."))
        return self.render_to_response(self.get_context_data(step_form=form))


class OrderDetailView(VendorRequiredMixin, PartPageMixin, generic.DetailView):
    """One part of an order, for its artisan."""

    template_name = "vendors/backoffice/orders/detail.html"
    context_object_name = "vendor_order"


class OrderStepView(PartStepMixin, OrderDetailView):
    """The artisan takes one step of their part."""


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
    """The accounts that run the shop, the invitations waiting for an answer,
    and an invitation form."""

    template_name = "vendors/backoffice/team/list.html"
    form_class = TeamInvitationForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = self.vendor.partner.users.order_by(
            "last_name", "first_name", "email"
        )
        context["invitations"] = self.vendor.team_invitations.filter(
            status=InvitationStatus.PENDING
        ).select_related("invited_by")
        context["now"] = timezone.now()
        return context

    def form_valid(self, form):
        try:
            invitation = invite_team_member(
                self.vendor,
                form.cleaned_data["email"],
                invited_by=self.request.user,
                use_https=self.request.is_secure(),
            )
        except TeamChangeRefused as refused:
            form.add_error("email", str(refused))
            return self.form_invalid(form)
        # The same answer whether the address has an account or not.
        messages.success(
            self.request,
            _(
                "An invitation was sent to %(email)s. They join your team once "
                "they accept it (within %(days)s days)."
            )
            % {"email": invitation.email, "days": settings.TEAM_INVITATION_DAYS},
        )
        return redirect("backoffice:team")


class TeamInvitationRevokeView(VendorRequiredMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            revoke_team_invitation(self.vendor, self.kwargs["pk"])
        except TeamChangeRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The invitation was withdrawn."))
        return redirect("backoffice:team")


class TeamInvitationAnswerView(generic.TemplateView):
    """The page of an e-mailed invitation: accept it (signed in with the
    invited address's account) or decline it.

    It says nothing of whether the address has an account: signing in and
    creating an account are both offered.
    """

    template_name = "vendors/backoffice/team/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = invitation_from_token(self.kwargs["token"])
        if self.invitation is None:
            return self.render_to_response({"invitation": None}, status=410)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        here = self.request.get_full_path()
        context.update(
            {
                "invitation": self.invitation,
                "vendor": self.invitation.vendor,
                "login_url": "{}?{}".format(
                    reverse("customer:login"), urlencode({"next": here})
                ),
                "register_url": "{}?{}".format(
                    reverse("customer:register"),
                    urlencode({"next": here, "email": self.invitation.email}),
                ),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("answer") == "decline":
            decline_team_invitation(self.invitation)
            messages.success(request, _("You declined the invitation."))
            return redirect("/")
        if not request.user.is_authenticated:
            return redirect(self.get_context_data()["login_url"])
        try:
            accept_team_invitation(self.invitation, request.user)
        except TeamChangeRefused as refused:
            messages.error(request, str(refused))
            return redirect(request.get_full_path())
        messages.success(
            request,
            _("Welcome to the team of %(shop)s.")
            % {"shop": self.invitation.vendor.name},
        )
        return redirect("backoffice:overview")


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


class SecondFactorSettingsView(VendorRequiredMixin, generic.FormView):
    """Two-factor authentication of the artisan's own account: turn it on
    (the set-up page) or off (with a current code)."""

    template_name = "vendors/backoffice/security.html"
    form_class = SecondFactorCodeForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["second_factor_on"] = has_authenticator(self.request.user)
        context["setup_url"] = "{}?{}".format(
            reverse("second-factor:setup"),
            urlencode({"next": reverse("backoffice:security")}),
        )
        return context

    def form_valid(self, form):
        try:
            device_accepting(self.request.user, form.cleaned_data["code"])
        except CodeRefused as refused:
            form.add_error("code", str(refused))
            return self.form_invalid(form)
        remove_second_factor(self.request.user)
        messages.success(
            self.request,
            _(
                "Two-factor authentication is off: signing in asks for your "
                "password only."
            ),
        )
        return redirect("backoffice:security")
