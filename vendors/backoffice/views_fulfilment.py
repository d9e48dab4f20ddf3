"""The artisan's delivery and pickup options, and their workshop's opening times."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from delivery.models import VendorFulfilment

from .forms_fulfilment import (
    ClosureFormSet,
    FulfilmentSettingsForm,
    ScheduleFormSet,
    upcoming_slot_count,
    workshop_point_of,
)
from .mixins import VendorRequiredMixin


class FulfilmentSettingsView(VendorRequiredMixin, generic.TemplateView):
    """One form for the options, two formsets for the workshop's point."""

    template_name = "vendors/backoffice/fulfilment/form.html"

    def get_forms(self, data=None):
        fulfilment, _created = VendorFulfilment.objects.get_or_create(
            vendor=self.vendor
        )
        point = workshop_point_of(self.vendor)
        schedules = ScheduleFormSet(data, point=point, prefix="schedules")
        closures = ClosureFormSet(data, point=point, prefix="closures")
        form = FulfilmentSettingsForm(
            self.vendor,
            data,
            instance=fulfilment,
            workshop_formsets=(schedules, closures),
        )
        return form, schedules, closures, point

    def get(self, request, *args, **kwargs):
        return self.render_forms(*self.get_forms())

    def post(self, request, *args, **kwargs):
        form, schedules, closures, point = self.get_forms(request.POST)
        # Every part is validated, so that all the mistakes show at once.
        valid = [form.is_valid(), schedules.is_valid(), closures.is_valid()]
        if not all(valid):
            messages.error(request, _("Your options were not saved: see below."))
            return self.render_forms(form, schedules, closures, point)
        form.save(schedules, closures)
        messages.success(request, _("Your delivery and pickup options are saved."))
        return redirect("backoffice:fulfilment")

    def render_forms(self, form, schedules, closures, point):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                schedules=schedules,
                closures=closures,
                workshop=point,
                upcoming_slots=upcoming_slot_count(point) if point else 0,
            )
        )
