"""The artisan's own promotions, in their back office: "x % off my shop from
<date> to <date>", with an optional voucher code. Funded by the artisan, on
their products only; another shop's promotion is not found (404)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic

from vendors.backoffice.mixins import VendorRequiredMixin

from .actions import (
    create_shop_promotion,
    end_shop_promotion,
    shop_offers_of,
    update_shop_promotion,
)
from .forms import ShopPromotionForm


class ShopPromotionListView(VendorRequiredMixin, generic.TemplateView):
    template_name = "vendors/promotions/backoffice/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["offers"] = list(shop_offers_of(self.vendor))
        context["now"] = timezone.now()
        return context


class ShopPromotionCreateView(VendorRequiredMixin, generic.FormView):
    template_name = "vendors/promotions/backoffice/form.html"
    form_class = ShopPromotionForm

    def get_initial(self):
        today = timezone.localdate()
        return {"start": today, "end": today}

    def form_valid(self, form):
        data = form.cleaned_data
        start, end = form.local_bounds(data["start"], data["end"])
        create_shop_promotion(
            self.vendor,
            name=data["name"],
            percent=data["percent"],
            start=start,
            end=end,
            code=data["code"],
        )
        messages.success(self.request, _("Your promotion is saved."))
        return redirect("backoffice:promotion-list")


class ShopPromotionMixin:
    """The shop's own promotion of the URL, or 404."""

    def get_offer(self):
        try:
            return shop_offers_of(self.vendor).get(pk=self.kwargs["pk"])
        except shop_offers_of(self.vendor).model.DoesNotExist:
            raise Http404 from None


class ShopPromotionUpdateView(
    VendorRequiredMixin, ShopPromotionMixin, generic.FormView
):
    template_name = "vendors/promotions/backoffice/form.html"
    form_class = ShopPromotionForm

    def dispatch(self, request, *args, **kwargs):
        self.offer = None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        self.offer = self.offer or self.get_offer()
        kwargs = super().get_form_kwargs()
        kwargs["editing"] = True
        return kwargs

    def get_initial(self):
        offer = self.offer or self.get_offer()
        return {
            "percent": offer.benefit.value,
            "start": timezone.localdate(offer.start_datetime)
            if offer.start_datetime
            else None,
            "end": timezone.localdate(offer.end_datetime)
            if offer.end_datetime
            else None,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["offer"] = self.offer
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        start, end = form.local_bounds(data["start"], data["end"])
        update_shop_promotion(self.offer, percent=data["percent"], start=start, end=end)
        messages.success(self.request, _("Your promotion is saved."))
        return redirect("backoffice:promotion-list")


class ShopPromotionEndView(VendorRequiredMixin, ShopPromotionMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        offer = self.get_offer()
        end_shop_promotion(offer)
        messages.success(request, _("“%(name)s” has ended.") % {"name": offer.name})
        return redirect("backoffice:promotion-list")
