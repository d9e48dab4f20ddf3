"""Choosers of the Wagtail admin for the shop's objects, with a search box.

Each lists only what editorial pages may show (``cms.onsale``): products on
sale, selling artisans, active pickup points; so an editor cannot pick what
the page would hide anyway.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet

from . import onsale


class SearchForm(BaseFilterForm):
    """A plain search box, filtered by ``icontains`` on the view's fields."""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )
    lookups = ()

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            condition = Q()
            for lookup in self.lookups:
                condition |= Q(**{f"{lookup}__icontains": query})
            objects = objects.filter(condition)
            self.is_searching = True
            self.search_query = query
        return objects


def search_form(*lookups):
    """A search form class looking in ``lookups``."""
    return type("SearchForm", (SearchForm,), {"lookups": lookups})


class ChooseMixin:
    search_lookups = ()
    extra_columns = ()

    def get_filter_form_class(self):
        return search_form(*self.search_lookups)

    @property
    def columns(self):
        return super().columns + [
            Column(name, label=label, accessor=accessor)
            for name, label, accessor in self.extra_columns
        ]


def views_for(lookups, columns=()):
    """The choose and results views searching ``lookups``."""
    attrs = {"search_lookups": lookups, "extra_columns": columns}
    return (
        type("Choose", (ChooseMixin, ChooseView), attrs),
        type("ChooseResults", (ChooseMixin, ChooseResultsView), attrs),
    )


def artisan_name(product):
    """The artisan selling ``product`` (its stock records' partners)."""
    return ", ".join(sorted({sr.partner.name for sr in product.stockrecords.all()}))


class ProductChooserViewSet(ChooserViewSet):
    model = "catalogue.Product"
    icon = "pick"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit this product")
    choose_view_class, choose_results_view_class = views_for(
        ("title", "upc", "stockrecords__partner_sku"),
        (("artisan", _("Artisan"), artisan_name),),
    )

    def get_object_list(self):
        return onsale.products_on_sale().order_by("title")


class VendorChooserViewSet(ChooserViewSet):
    model = "vendors.Vendor"
    icon = "user"
    choose_one_text = _("Choose an artisan")
    choose_another_text = _("Choose another artisan")
    choose_view_class, choose_results_view_class = views_for(
        ("partner__name", "commune", "metier"),
        (("metier", _("Craft"), "metier"), ("commune", _("Town"), "commune")),
    )

    def get_object_list(self):
        return onsale.artisans_selling().order_by("partner__name")


class CategoryChooserViewSet(ChooserViewSet):
    model = "catalogue.Category"
    icon = "folder-open-inverse"
    choose_one_text = _("Choose a category")
    choose_another_text = _("Choose another category")
    choose_view_class, choose_results_view_class = views_for(("name",))

    def get_object_list(self):
        from oscar.core.loading import get_model

        return get_model("catalogue", "Category").objects.order_by("path")


class PickupPointChooserViewSet(ChooserViewSet):
    model = "delivery.PickupPoint"
    icon = "site"
    choose_one_text = _("Choose a pickup point")
    choose_another_text = _("Choose another pickup point")
    choose_view_class, choose_results_view_class = views_for(
        ("name", "commune"), (("commune", _("Town"), "commune"),)
    )

    def get_object_list(self):
        from delivery.models import PickupPoint

        return PickupPoint.objects.active().order_by("name")


product_chooser_viewset = ProductChooserViewSet("product_chooser")
vendor_chooser_viewset = VendorChooserViewSet("vendor_chooser")
category_chooser_viewset = CategoryChooserViewSet("category_chooser")
pickup_point_chooser_viewset = PickupPointChooserViewSet("pickup_point_chooser")
