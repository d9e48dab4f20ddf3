"""Forms of promotions: staff set an offer's funder, artisans run their own."""

import datetime
from decimal import Decimal as D

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from vendors.dashboard.forms import CommissionReportForm
from vendors.models import Vendor
from vendors.reports import current_month

from .models import Funder, FunderKind

Voucher = get_model("voucher", "Voucher")
ConditionalOffer = get_model("offer", "ConditionalOffer")

SHIPPING_BENEFITS = ("Shipping absolute", "Shipping fixed price", "Shipping percentage")


class OfferFundingForm(forms.Form):
    """Who funds an offer, its budget cap and its limit per customer."""

    kind = forms.ChoiceField(label=_("Funded by"), choices=FunderKind.choices)
    funder = forms.ModelChoiceField(
        label=_("Partner territory"), queryset=Funder.objects.all(), required=False
    )
    vendor = forms.ModelChoiceField(
        label=_("Artisan"),
        queryset=Vendor.objects.select_related("partner").order_by("partner__name"),
        required=False,
    )
    budget = forms.DecimalField(
        label=_("Budget cap (EUR)"),
        min_value=D("0.01"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("The most this offer may give in total; empty: no cap."),
    )
    limit = forms.IntegerField(
        label=_("Orders per customer"),
        min_value=1,
        required=False,
        help_text=_("How many orders one customer may place with it; empty: any."),
    )

    def __init__(self, *args, offer, **kwargs):
        self.offer = offer
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == FunderKind.TERRITORY and not cleaned.get("funder"):
            self.add_error("funder", _("Choose the partner territory that funds it."))
        if kind == FunderKind.ARTISAN:
            if not cleaned.get("vendor"):
                self.add_error("vendor", _("Choose the artisan who funds it."))
            if self.offer.benefit.type in SHIPPING_BENEFITS:
                self.add_error(
                    "kind",
                    _(
                        "A shipping discount is shared over every artisan's fees: "
                        "the chamber or a territory funds it."
                    ),
                )
        return cleaned


class FunderReportForm(CommissionReportForm):
    """A period (the current month by default) and the funder reported on."""

    funder = forms.ChoiceField(label=_("Funder"), required=False)

    def __init__(self, data=None, **kwargs):
        data = {key: data.get(key) for key in data} if data else {}
        if not (data.get("date_from") or data.get("date_to")):
            first, last = current_month()
            data.update(date_from=first.isoformat(), date_to=last.isoformat())
        # The parent's own default would forget the funder asked for.
        forms.Form.__init__(self, data, **kwargs)
        self.fields["funder"].choices = [
            ("", _("Every funder")),
            (FunderKind.CHAMBER, FunderKind.CHAMBER.label),
            *((str(f.pk), f.name) for f in Funder.objects.all()),
        ]


class ShopPromotionForm(forms.Form):
    """An artisan's "x % off my shop from <date> to <date>", code optional."""

    name = forms.CharField(label=_("Name"), max_length=80)
    percent = forms.DecimalField(
        label=_("Discount (%)"),
        min_value=D("1"),
        max_value=D("90"),
        max_digits=4,
        decimal_places=1,
    )
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    code = forms.CharField(
        label=_("Voucher code (optional)"),
        max_length=40,
        required=False,
        help_text=_(
            "With a code, only customers who type it get the discount; without, "
            "every basket with your products does."
        ),
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            # A promotion's name and code stay as customers knew them.
            del self.fields["name"]
            del self.fields["code"]

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if code and Voucher._default_manager.filter(code=code).exists():
            raise forms.ValidationError(_("This code is already used: choose another."))
        return code

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The promotion must start before it ends."))
        return cleaned

    @staticmethod
    def local_bounds(start, end):
        """The first and last moment of the promotion's days, local time."""
        combine = datetime.datetime.combine
        return (
            timezone.make_aware(combine(start, datetime.time.min)),
            timezone.make_aware(combine(end, datetime.time.max)),
        )
