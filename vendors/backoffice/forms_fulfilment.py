"""Forms of the back office's delivery and pickup options.

One page edits three things that are saved together: the artisan's
``VendorFulfilment``, and the opening times and closures of their own
workshop's pickup point. ``FulfilmentSettingsForm.save`` writes them in one
transaction, then opens the workshop's slots.
"""

import datetime

from django import forms
from django.core.validators import MaxValueValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delivery.actions import generate_slots
from delivery.models import (
    Closure,
    PickupPoint,
    PickupPointKind,
    Slot,
    VendorFulfilment,
    WeeklySchedule,
)

from .forms_shop import add_bootstrap_classes

# Two weeks: longer than that, an order waits too long to be worth taking.
MAX_PREPARATION_HOURS = 336
# How far ahead the workshop's slots are opened at each save.
SLOT_DAYS = 21
# The shop fields a workshop pickup point is made from.
WORKSHOP_ADDRESS_FIELDS = ("address", "postcode", "commune")
WORKSHOP_LOCATION_FIELDS = (*WORKSHOP_ADDRESS_FIELDS, "latitude", "longitude")


def workshop_point_of(vendor):
    """The pickup point at ``vendor``'s own workshop, or None."""
    return PickupPoint.objects.filter(
        kind=PickupPointKind.WORKSHOP, vendor=vendor
    ).first()


def served_point_choices():
    """The points an artisan may choose to serve: active drive and relay points."""
    return PickupPoint.objects.active().exclude(kind=PickupPointKind.WORKSHOP)


def ensure_workshop_point(vendor):
    """Get or create ``vendor``'s workshop pickup point, located at the shop.

    An existing point follows the shop's current address, so that consumers
    are sent where the workshop is now.
    """
    location = {name: getattr(vendor, name) for name in WORKSHOP_LOCATION_FIELDS}
    point = workshop_point_of(vendor)
    if point is None:
        # Named and made as the demo loader does (shop/apps/core/demo/loader.py):
        # the name is data shown on a French marketplace, not interface text.
        point, _created = PickupPoint.objects.get_or_create(
            slug=f"atelier-{vendor.slug}",
            defaults={
                "kind": PickupPointKind.WORKSHOP,
                "vendor": vendor,
                "name": f"Atelier {vendor.name}",
                "opening_hours": vendor.opening_hours,
                **location,
            },
        )
        return point
    changed = [
        name for name, value in location.items() if getattr(point, name) != value
    ]
    if changed:
        for name in changed:
            setattr(point, name, location[name])
        point.save(update_fields=changed)
    return point


def refresh_workshop_slots(point, reopen, today=None):
    """Open ``point``'s slots for the coming weeks; returns how many were created.

    With ``reopen`` (opening times or closures changed), future slots nobody
    has booked are removed first and made again from the new opening times,
    so that a deleted opening or a new closure is no longer offered. Booked
    slots are always kept.
    """
    today = today or timezone.localdate()
    if reopen:
        Slot.objects.filter(
            point=point, starts_at__gte=timezone.now(), reservations__isnull=True
        ).delete()
    return generate_slots(point, today, SLOT_DAYS)


class ServedPointsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.commune} – {obj.name} ({obj.get_kind_display()})"


class FulfilmentSettingsForm(forms.ModelForm):
    """How the artisan hands over their goods: delivery rates and pickups."""

    points = ServedPointsField(
        label=_("Drive and relay points served"),
        queryset=PickupPoint.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your customers can collect their orders at these points."),
    )

    class Meta:
        model = VendorFulfilment
        fields = [
            "delivers",
            "delivery_flat_rate",
            "delivery_rate_per_kg",
            "free_delivery_above",
            "workshop_pickup",
            "preparation_hours",
            "accepts_pay_at_pickup",
            "points",
        ]

    def __init__(self, vendor, *args, workshop_formsets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.vendor = vendor
        # The opening times and closures posted with this form.
        self.workshop_formsets = workshop_formsets
        self.fields["points"].queryset = served_point_choices()
        preparation = self.fields["preparation_hours"]
        preparation.validators.append(MaxValueValidator(MAX_PREPARATION_HOURS))
        preparation.widget.attrs.update(min=0, max=MAX_PREPARATION_HOURS)
        preparation.help_text = _(
            "Consumers cannot book a pickup sooner than this (at most two weeks)."
        )
        for name in (
            "delivery_flat_rate",
            "delivery_rate_per_kg",
            "free_delivery_above",
        ):
            self.fields[name].widget.attrs.update(min="0", step="0.01")
        self.fields["free_delivery_above"].help_text = _(
            "Leave empty if delivery is never free."
        )
        add_bootstrap_classes(self)

    def clean(self):
        cleaned_data = super().clean()
        workshop_pickup = cleaned_data.get("workshop_pickup")
        if workshop_pickup and not all(
            (getattr(self.vendor, name) or "").strip()
            for name in WORKSHOP_ADDRESS_FIELDS
        ):
            self.add_error(
                "workshop_pickup",
                forms.ValidationError(
                    _(
                        "Click & collect needs your workshop's address, postcode "
                        "and town: fill them in your shop's settings first."
                    ),
                    code="workshop_address_missing",
                ),
            )
        if (
            "workshop_pickup" in cleaned_data
            and not workshop_pickup
            and workshop_point_of(self.vendor) is None
            and any(formset.has_changed() for formset in self.workshop_formsets)
        ):
            # Nowhere to attach them: the workshop point is made with click & collect.
            raise forms.ValidationError(
                _(
                    "Turn on click & collect at the workshop to set its opening "
                    "times and closures."
                ),
                code="no_workshop",
            )
        # A field left in error is missing from cleaned_data: only refuse
        # "nothing offered" when the three choices are all known to be off.
        if (
            "points" in cleaned_data
            and not cleaned_data.get("delivers")
            and "workshop_pickup" in cleaned_data
            and not workshop_pickup
            and not cleaned_data["points"]
        ):
            raise forms.ValidationError(
                _(
                    "Offer at least one way to get your goods: home delivery, "
                    "click & collect at the workshop or a pickup point."
                ),
                code="no_fulfilment_method",
            )
        return cleaned_data

    @transaction.atomic
    def save(self, schedules, closures, today=None):
        """Save the options, the workshop's opening times and closures, in one go.

        ``schedules`` and ``closures`` are the valid formsets posted with this
        form. The workshop point is made when click & collect is on, and
        its slots are opened for the next three weeks. Returns the options.
        """
        fulfilment = super().save(commit=False)
        fulfilment.vendor = self.vendor
        fulfilment.save()
        # Points the artisan served before they were closed are not offered
        # as choices; keep them, so that they come back when the point reopens.
        hidden = fulfilment.points.exclude(
            pk__in=self.fields["points"].queryset.values("pk")
        )
        fulfilment.points.set([*self.cleaned_data["points"], *hidden])

        point = workshop_point_of(self.vendor)
        if fulfilment.workshop_pickup:
            point = ensure_workshop_point(self.vendor)
        if point is None:
            return fulfilment
        changed = (
            schedules.has_changed()
            or closures.has_changed()
            or "workshop_pickup" in self.changed_data
        )
        for formset in (schedules, closures):
            formset.point = point
            formset.save()
        if fulfilment.workshop_pickup:
            refresh_workshop_slots(point, reopen=changed, today=today)
        return fulfilment


class WorkshopScheduleForm(forms.ModelForm):
    class Meta:
        model = WeeklySchedule
        fields = ["weekday", "start", "end", "slot_minutes", "capacity"]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self)

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end and end <= start:
            self.add_error(
                "end",
                forms.ValidationError(
                    _("The closing time must be after the opening time."),
                    code="ends_before_start",
                ),
            )
        return cleaned_data


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["start_date", "end_date", "reason"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bootstrap_classes(self)

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_date"), cleaned_data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date",
                forms.ValidationError(
                    _("The last day of a closure cannot be before its first day."),
                    code="ends_before_start",
                ),
            )
        return cleaned_data


class WorkshopFormSet(forms.BaseModelFormSet):
    """Rows of the artisan's own workshop point, and of no other point.

    Django checks a posted row id against the whole table; here it must be
    one of this workshop's rows, so that another artisan's opening times or
    closures cannot be changed by posting their ids.
    """

    def __init__(self, *args, point=None, **kwargs):
        self.point = point
        if point is None:
            kwargs["queryset"] = self.model._default_manager.none()
        else:
            kwargs["queryset"] = self.model._default_manager.filter(point=point)
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[self.model._meta.pk.name].queryset = self.get_queryset()

    def save_new(self, form, commit=True):
        form.instance.point = self.point
        return super().save_new(form, commit=commit)

    def clean(self):
        super().clean()
        # Django lets a row marked for deletion through with an unknown id (and
        # then deletes nothing): refuse it, as a change of that row would be.
        pk_name = self.model._meta.pk.name
        if any(pk_name in form.errors for form in self.forms):
            raise forms.ValidationError(
                _("A row you edited no longer exists. Reload the page."),
                code="unknown_row",
            )


class WorkshopScheduleFormSet(WorkshopFormSet):
    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if not self._should_delete_form(form)
            and {"weekday", "start", "end"} <= form.cleaned_data.keys()
        ]
        for i, first in enumerate(kept):
            for second in kept[i + 1 :]:
                if (
                    first["weekday"] == second["weekday"]
                    and first["start"] < second["end"]
                    and second["start"] < first["end"]
                ):
                    raise forms.ValidationError(
                        _("Two opening times of %(day)s overlap."),
                        params={"day": WeeklySchedule.Weekday(first["weekday"]).label},
                        code="overlapping_schedules",
                    )


ScheduleFormSet = forms.modelformset_factory(
    WeeklySchedule,
    form=WorkshopScheduleForm,
    formset=WorkshopScheduleFormSet,
    extra=1,
    can_delete=True,
)
ClosureFormSet = forms.modelformset_factory(
    Closure, form=ClosureForm, formset=WorkshopFormSet, extra=1, can_delete=True
)


def upcoming_slot_count(point, days=SLOT_DAYS):
    """Slots of ``point`` open from now over the next ``days`` days."""
    now = timezone.now()
    return Slot.objects.filter(
        point=point,
        starts_at__gte=now,
        starts_at__lt=now + datetime.timedelta(days=days),
    ).count()
