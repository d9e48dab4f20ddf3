"""The storefront's apprenticeship section, without touching its view."""

from django import template

from ..models import ApprenticeshipIndexPage, ApprenticeshipOffer

register = template.Library()


def offer_url(index, offer):
    return index.url + index.reverse_subpage(
        "offer_route", kwargs={"offer_id": offer.pk}
    )


@register.inclusion_tag(
    "apprenticeship/partials/storefront_offers.html", takes_context=True
)
def storefront_offers(context, vendor):
    """The shop's open offers, each with its page's link: one query for a
    shop without offers (the common case), two otherwise."""
    offers = list(
        ApprenticeshipOffer.objects.open().filter(vendor=vendor).select_related("town")
    )
    index = ApprenticeshipIndexPage.objects.live().first() if offers else None
    if index is None:
        offers = []
    offers = [(offer, offer_url(index, offer)) for offer in offers]
    return {"offers": offers}


@register.simple_tag(takes_context=True)
def apprenticeship_offer_url(context, offer):
    page = context["page"]
    return page.url + page.reverse_subpage("offer_route", kwargs={"offer_id": offer.pk})
