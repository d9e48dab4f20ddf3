"""Public pages of the artisans: directory, e-boutiques, application form."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Case, IntegerField, Value, When, prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.generic import FormView, ListView, TemplateView, View

from cms.campaigns.fetch import portrait_of
from search.backends import get_search_backend
from search.backends.base import SearchUnavailable
from search.facts import distance_km
from search.place import remember_place
from search.views import town_point
from shop.apps.core import places
from shop.apps.core.accounts.registration import (
    account_of,
    answer_known_address,
    send_confirmation_email,
)
from shop.apps.geo.lookup import suggestions

from . import fetch
from .actions import ApplicationRefused, submit_application
from .forms import DirectoryFilterForm, StorefrontSortForm, VendorApplicationForm
from .models import ApplicationStatus, VendorStatus
from .pages import fulfilment_facts
from .scoping import vendor_for_user

User = get_user_model()

PAGE_SIZE = 24
DIRECTORY_SEARCH_LIMIT = 500
COMMUNE_SUGGESTIONS = 10
MIN_COMMUNE_QUERY = 2


class DirectoryView(ListView):
    """Approved artisans, filtered by craft and town."""

    template_name = "vendors/public/directory.html"
    context_object_name = "vendors"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.form = DirectoryFilterForm(
            request.GET or None, **fetch.directory_filter_values()
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        vendors = fetch.directory_vendors(**self.form.filters())
        text, near = self.form.search()
        self.point = None
        if near:
            name, self.point = town_point(self.request, near)
            remember_place(self.request, name, self.point)
        if not text and self.point is None:
            return vendors
        try:
            ids = get_search_backend().search_artisans(
                text, near=self.point, limit=DIRECTORY_SEARCH_LIMIT
            )
        except SearchUnavailable:
            messages.warning(self.request, SearchUnavailable.user_message)
            return vendors
        # The search's order (nearest or by name), within the other filters.
        return vendors.filter(pk__in=ids).order_by(
            Case(
                *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)],
                output_field=IntegerField(),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        # The artisans listed (all pages) and the pickup points, on a map.
        context["map_places"] = places.artisans_and_points(self.object_list)
        if self.point is not None:
            for vendor in context["vendors"]:
                vendor.distance_km = (
                    distance_km(
                        float(vendor.latitude),
                        float(vendor.longitude),
                        self.point.lat,
                        self.point.lon,
                    )
                    if vendor.latitude is not None and vendor.longitude is not None
                    else None
                )
        return context


class StorefrontView(TemplateView):
    """An artisan's e-boutique: the workshop, its story and its products."""

    template_name = "vendors/public/storefront.html"

    def get(self, request, *args, **kwargs):
        self.vendor = fetch.storefront_vendor(kwargs["slug"])
        self.sort_form = StorefrontSortForm(request.GET or None)
        paginator = Paginator(
            fetch.storefront_product_ids(self.vendor, self.sort_form.sort()),
            PAGE_SIZE,
        )
        try:
            self.page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404(_("This page of the shop does not exist.")) from None
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "vendor": self.vendor,
                "is_suspended": self.vendor.status == VendorStatus.SUSPENDED,
                "rating": fetch.vendor_rating(self.vendor),
                "sort_form": self.sort_form,
                "products": fetch.storefront_products(self.page.object_list),
                "page_obj": self.page,
                "paginator": self.page.paginator,
                "is_paginated": self.page.has_other_pages(),
                # Every tile here is this artisan's: no "by ..." line on them.
                "hide_product_artisan": True,
                # The workshop and the points where its customers collect.
                "map_places": places.storefront_places(self.vendor),
                # How its customers get their goods: delivery, workshop, points.
                "collection": fulfilment_facts(self.vendor),
                # The editors' portrait of the artisan, once published.
                "portrait": portrait_of(self.vendor),
            }
        )
        return context


class JoinView(FormView):
    """The application form; a signed-in applicant sees where they stand."""

    template_name = "vendors/public/join.html"
    status_template_name = "vendors/public/join_status.html"
    form_class = VendorApplicationForm
    success_url = reverse_lazy("vendors:join-done")

    def dispatch(self, request, *args, **kwargs):
        self.application = fetch.latest_application(request.user)
        self.vendor = vendor_for_user(request.user)
        return super().dispatch(request, *args, **kwargs)

    def can_apply(self):
        """Staff, shop owners and pending applicants do not fill the form."""
        user = self.request.user
        if user.is_authenticated and user.is_staff:
            return False
        if self.vendor is not None:
            return False
        return self.application is None or self.application.status == (
            ApplicationStatus.REJECTED
        )

    def get(self, request, *args, **kwargs):
        if not self.can_apply():
            return self.render_status()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_apply():
            return self.render_status()
        return super().post(request, *args, **kwargs)

    def render_status(self):
        return self.response_class(
            request=self.request,
            template=[self.status_template_name],
            context=self.get_context_data(form=None),
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"application": self.application, "vendor": self.vendor})
        return context

    def form_valid(self, form):
        if not self.request.user.is_authenticated:
            return self.apply_with_new_account(form)
        try:
            submit_application(form.cleaned_data, user=self.request.user)
        except ApplicationRefused as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        return redirect(self.get_success_url())

    def apply_with_new_account(self, form):
        """A visitor applies: the same answer whether their address has an
        account or not ("check your mailbox").

        A new address gets its account (inactive until confirmed from the
        e-mailed link) and the application. A known address records nothing:
        its owner is told by e-mail to sign in and apply from their account.
        """
        data = form.cleaned_data
        known = account_with_address(data["email"])
        if known is None:
            try:
                application = submit_application(data)
            except ApplicationRefused:
                # Registered at the same moment: answered as a known address.
                known = account_with_address(data["email"])
            else:
                send_confirmation_email(
                    self.request, application.user, self.get_success_url()
                )
        if known is not None:
            answer_known_address(
                self.request, known, data["password1"], reverse("vendors:join")
            )
        return redirect("registration:sent")


def account_with_address(email):
    """The account whose e-mail, or user name, is ``email``; ``None`` if none."""
    return (
        account_of(email)
        or User._default_manager.filter(username__iexact=email).first()
    )


class JoinDoneView(TemplateView):
    """Confirmation that the application was received."""

    template_name = "vendors/public/join_done.html"

    def get(self, request, *args, **kwargs):
        self.application = fetch.latest_application(request.user)
        if self.application is None:
            return redirect("vendors:join")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["application"] = self.application
        return context


# The list of communes changes once a year: a browser may keep an answer.
@method_decorator(cache_control(max_age=3600), name="dispatch")
class CommuneSuggestionsView(View):
    """Communes whose name (or postcode) starts with ``q``, as JSON, for the
    application form's town field (static/js/commune-picker.js).

    Two queries, whatever the number of communes found.
    """

    def get(self, request, *args, **kwargs):
        text = request.GET.get("q", "").strip()[:100]
        communes = (
            suggestions(text, limit=COMMUNE_SUGGESTIONS)
            if len(text) >= MIN_COMMUNE_QUERY
            else []
        )
        prefetch_related_objects(communes, "postcodes")
        return JsonResponse(
            {
                "communes": [
                    {
                        "name": commune.name,
                        "insee": commune.insee,
                        "departement": commune.departement.code,
                        "postcodes": [p.code for p in commune.postcodes.all()],
                    }
                    for commune in communes
                ]
            }
        )
