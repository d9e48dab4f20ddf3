"""What campaign and portrait pages show, read in a constant number of
queries however many artisans, products or communes they hold.

The shop's rows come through ``cms.onsale`` (what can be bought now) and the
territory filter through ``cms.territories.within.town_filter``, the rule the
territory pages use.
"""

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.onsale import artisans_selling, keep_order, products_on_sale
from cms.territories.within import points_within, town_filter
from cms.visibility import unrestricted
from shop.apps.core.places import artisan_place, kind_labels, point_place
from shop.apps.geo.models import Commune
from vendors.models import VendorStatus

PORTRAIT_PRODUCTS = 8
DEPARTEMENT_PREFIX = "departement:"


def campaign_pages():
    # By name: the page models import this module.
    return apps.get_model("campaigns", "CampaignPage").objects


def portrait_pages():
    return apps.get_model("campaigns", "PortraitPage").objects


# The campaign and its territories ------------------------------------------


def chosen_vendors(page):
    """The campaign's chosen artisans who sell now (a queryset)."""
    return artisans_selling().filter(pk__in=page.artisan_ids())


def reached_communes(page):
    """The communes the campaign reaches: where its chosen artisans who sell
    now have their workshop (an arrondissement counts for its commune)."""
    vendors = chosen_vendors(page)
    return (
        Commune.objects.filter(
            Q(vendors__in=vendors) | Q(arrondissements__vendors__in=vendors),
            parent=None,
        )
        .select_related("departement")
        .distinct()
        .order_by("name")
    )


def reached_commune(page, slug):
    return reached_communes(page).filter(slug=slug).first()


class TerritoryFilterForm(forms.Form):
    """``?territoire=``: a département or a commune the campaign reaches."""

    territoire = forms.ChoiceField(label=_("Territory"), required=False)

    def __init__(self, data, communes):
        super().__init__(data)
        departements = sorted({c.departement for c in communes}, key=lambda d: d.code)
        self.by_value = {}
        for departement in departements:
            self.by_value[DEPARTEMENT_PREFIX + departement.slug] = departement
        for commune in communes:
            self.by_value[commune.slug] = commune
        self.fields["territoire"].choices = [("", _("All the territories"))] + [
            (
                _("Départements"),
                [
                    (DEPARTEMENT_PREFIX + d.slug, f"{d.name} ({d.code})")
                    for d in departements
                ],
            ),
            (_("Communes"), [(c.slug, c.name) for c in communes]),
        ]

    def territory(self):
        """The chosen commune or département, or None (all, or invalid)."""
        if not self.is_valid():
            return None
        return self.by_value.get(self.cleaned_data["territoire"])


def shown_artisans(page, territory=None):
    """The chosen artisans selling now, in the editors' order, each with the
    editors' ``campaign_note``; within ``territory`` when given."""
    rows = list(page.chosen_artisans.all())
    vendors = chosen_vendors(page).select_related("town")
    if territory is not None:
        vendors = vendors.filter(town_filter(territory))
    shown = keep_order(vendors, [row.vendor_id for row in rows])
    notes = {row.vendor_id: row.note for row in rows}
    for vendor in shown:
        vendor.campaign_note = notes.get(vendor.pk, "")
    return shown


def shown_products(page, territory=None):
    """The chosen products on sale, in the editors' order; those made within
    ``territory`` when given."""
    ids = page.product_ids()
    products = products_on_sale().filter(pk__in=ids)
    if territory is not None:
        products = products.filter(
            town_filter(territory, prefix="stockrecords__partner__vendor__town")
        ).distinct()
    return keep_order(products, ids)


def landing_links(page, communes, request=None):
    """``[(commune, url)]`` of the campaign's landing page in each commune."""
    root = page.get_url(request)
    return [
        (commune, root + page.reverse_subpage("commune_landing", args=[commune.slug]))
        for commune in communes
    ]


def campaign_context(page, request):
    communes = list(reached_communes(page))
    form = TerritoryFilterForm(request.GET or None, communes)
    territory = form.territory()
    artisans = shown_artisans(page, territory)
    labels = kind_labels()
    return {
        "status": page.status(),
        "filter_form": form,
        "territory": territory,
        "artisans": artisans,
        "products": shown_products(page, territory),
        "landings": landing_links(page, communes, request),
        "map_places": [artisan_place(v, labels) for v in artisans],
    }


def landing_context(page, commune, request):
    artisans = shown_artisans(page, commune)
    points = list(points_within(commune))
    labels = kind_labels()
    return {
        "status": page.status(),
        "commune": commune,
        "artisans": artisans,
        "products": shown_products(page, commune),
        "points": points,
        "campaign_url": page.get_url(request),
        "map_places": [artisan_place(v, labels) for v in artisans]
        + [point_place(p, labels) for p in points],
    }


def campaigns_by_period(index, today=None):
    """The live campaigns under ``index``: running (ending soonest first),
    upcoming (starting soonest first) and ended (latest first)."""
    today = today or timezone.localdate()
    pages = list(
        campaign_pages()
        .live()
        .public()
        .descendant_of(index)
        .select_related("hero_image")
    )
    running = [p for p in pages if p.status(today) == "running"]
    upcoming = [p for p in pages if p.status(today) == "upcoming"]
    ended = [p for p in pages if p.status(today) == "ended"]
    never = timezone.datetime.max.date()
    running.sort(key=lambda p: (p.ends_on or never, p.title))
    upcoming.sort(key=lambda p: (p.starts_on, p.title))
    ended.sort(key=lambda p: p.ends_on, reverse=True)
    return {"running": running, "upcoming": upcoming, "ended": ended}


# Portraits -----------------------------------------------------------------


def portrait_shown(page):
    """A portrait is shown while its shop is approved (on vacation or not)."""
    vendor = page.vendor
    return vendor is not None and vendor.status == VendorStatus.APPROVED


def hidden_portraits(ids):
    """Of the portraits ``ids``, those whose shop is not approved."""
    return set(
        portrait_pages()
        .filter(pk__in=ids)
        .exclude(vendor__status=VendorStatus.APPROVED)
        .values_list("pk", flat=True)
    )


def portraits_shown(index):
    return (
        portrait_pages()
        .live()
        .public()
        .child_of(index)
        .filter(vendor__status=VendorStatus.APPROVED)
        .select_related("vendor__partner", "photo")
        .order_by("title")
    )


def portrait_products(vendor, count=PORTRAIT_PRODUCTS):
    """The newest products of the shop on sale."""
    return list(
        products_on_sale()
        .filter(stockrecords__partner__vendor=vendor)
        .distinct()
        .order_by("-date_created", "-id")[:count]
    )


def portrait_context(page):
    vendor = page.vendor
    return {
        "vendor": vendor,
        "products": portrait_products(vendor),
    }


def portrait_of(vendor):
    """The live, public portrait of ``vendor``'s shop, or None."""
    return unrestricted(portrait_pages().live().filter(vendor=vendor)).first()
