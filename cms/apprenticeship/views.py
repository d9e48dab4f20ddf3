"""Public views of the apprenticeship index: the list, an offer, the thanks."""

import math

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from search.backends.base import EARTH_RADIUS_KM
from search.facts import commune_point, distance_km
from shop.apps.core.http import client_address

from .forms import ApplicationForm, OfferFilterForm, describe_errors
from .models import ApprenticeshipOffer

OFFERS_PER_PAGE = 12
NEAR_KM = 30
APPLICATIONS_PER_HOUR = 5


def open_offers():
    """Open offers with what a list row shows, in one query."""
    return ApprenticeshipOffer.objects.open().select_related(
        "vendor__partner", "town__departement"
    )


def filter_offers(offers, data):
    """``offers`` narrowed by the valid GET filters; (offers, form, near).

    With a valid "near" town, the offers come as a list, nearest first, each
    with its ``distance_km``."""
    form = OfferFilterForm(data)
    near = None
    if not form.is_valid():
        return offers, form, near
    values = form.cleaned_data
    if values["diploma"]:
        offers = offers.filter(diploma=values["diploma"])
    if values["metier"]:
        offers = offers.filter(metier__icontains=values["metier"].strip())
    if values["departement"]:
        offers = offers.filter(town__departement__code=values["departement"].strip())
    if values["near"]:
        found = commune_point(values["near"])
        if found is None:
            form.add_error("near", _("No town or postcode of that name is known."))
        else:
            near, point = found
            offers = offers_near(offers, point)
    return offers, form, near


def offers_near(offers, point, km=NEAR_KM):
    """The offers whose commune lies within ``km`` of ``point``, nearest
    first (then by closing date), each with its ``distance_km``.

    The database keeps the offers in the square around the circle; the
    distance (``search.facts.distance_km``) keeps those in the circle: the
    square's corners lie up to 1.4 times ``km`` away."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    # The circle's widest point east-west (a little poleward of its centre).
    reach = math.sin(km / EARTH_RADIUS_KM) / max(
        math.cos(math.radians(point.lat)), 0.01
    )
    dlon = math.degrees(math.asin(min(reach, 1.0)))
    boxed = offers.select_related("town").filter(
        town__latitude__range=(point.lat - dlat, point.lat + dlat),
        town__longitude__range=(point.lon - dlon, point.lon + dlon),
    )
    near = []
    for offer in boxed:
        offer.distance_km = distance_km(
            float(offer.town.latitude),
            float(offer.town.longitude),
            point.lat,
            point.lon,
        )
        if offer.distance_km <= km:
            near.append(offer)
    # A stable sort: offers at the same distance keep their closing order.
    return sorted(near, key=lambda offer: offer.distance_km)


def offer_list_context(request):
    offers, form, near = filter_offers(open_offers(), request.GET)
    describe_errors(form)
    page = Paginator(offers, OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "offers": page.object_list,
        "page_obj": page,
        "paginator": page.paginator,
        "near": near,
        "near_km": NEAR_KM,
        "filter_query": query.urlencode(),
    }


def application_allowed(request):
    """Count one application from the request's address; False past the limit."""
    key = f"apprenticeship:apply:{client_address(request)}"
    limit = getattr(
        settings, "APPRENTICESHIP_APPLICATIONS_PER_HOUR", APPLICATIONS_PER_HOUR
    )
    if cache.add(key, 1, 3600):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:
        cache.set(key, 1, 3600)
        return True


def get_offer(offer_id):
    offer = (
        ApprenticeshipOffer.objects.select_related("vendor__partner", "town")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def offer_detail(page, request, offer_id):
    """An offer and its application form; a closed offer says so (410)."""
    from .tasks import send_application_emails_task

    offer = get_offer(offer_id)
    context = page.get_context(request)
    context["offer"] = offer
    if not offer.is_open:
        return TemplateResponse(
            request, "apprenticeship/offer_page.html", context, status=410
        )
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not application_allowed(request):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many applications from your connection. "
                    "Please try again in an hour."
                ),
            )
        elif form.is_valid():
            application = form.save(commit=False)
            application.offer = offer
            application.save()
            transaction.on_commit(
                lambda: send_application_emails_task.delay(application.pk)
            )
            return redirect(
                page.get_url(request)
                + page.reverse_subpage("thanks_route", kwargs={"offer_id": offer.pk})
            )
        describe_errors(form)
    context["form"] = form
    return TemplateResponse(request, "apprenticeship/offer_page.html", context)


def offer_thanks(page, request, offer_id):
    context = page.get_context(request)
    context["offer"] = get_offer(offer_id)
    return TemplateResponse(request, "apprenticeship/thanks.html", context)
