"""Pickup points, slots and reservations for chamber staff (Django admin)."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .actions import CODE_LENGTH, generate_slots, normalise_code
from .models import (
    Closure,
    PickupPoint,
    Reservation,
    Slot,
    VendorFulfilment,
    WeeklySchedule,
)

# The same three weeks the artisans' back office opens for their workshops.
SLOT_DAYS = 21


class WeeklyScheduleInline(admin.TabularInline):
    model = WeeklySchedule
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


@admin.register(PickupPoint)
class PickupPointAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "postcode", "vendor", "is_active"]
    list_filter = ["kind", "commune", "is_active"]
    list_select_related = ["vendor__partner"]
    search_fields = ["name", "slug", "commune", "postcode"]
    prepopulated_fields = {"slug": ["name"]}
    # Vendors have no admin page of their own to autocomplete from.
    raw_id_fields = ["vendor"]
    filter_horizontal = ["staff"]
    inlines = [WeeklyScheduleInline, ClosureInline]
    actions = ["generate_three_weeks_of_slots"]

    @admin.action(description=_("Generate slots for 3 weeks"))
    def generate_three_weeks_of_slots(self, request, queryset):
        today = timezone.localdate()
        created = sum(generate_slots(point, today, SLOT_DAYS) for point in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d slot created (existing slots are kept).",
                "%(count)d slots created (existing slots are kept).",
                created,
            )
            % {"count": created},
            messages.SUCCESS,
        )


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["point", "starts_at", "ends_at", "capacity", "reserved"]
    list_filter = ["point__kind", ("point", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["point"]
    date_hierarchy = "starts_at"
    search_fields = ["point__name", "point__commune"]
    autocomplete_fields = ["point"]
    # Only checkouts move ``reserved``, under the capacity check in actions.py.
    readonly_fields = ["reserved"]


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    """Read-only: reservations are made and moved on by checkouts and points."""

    list_display = [
        "pickup_code",
        "slot",
        "vendor",
        "vendor_order",
        "status",
        "parcel_status",
        "created_at",
    ]
    list_filter = ["status", "parcel_status", "slot__point__kind"]
    list_select_related = ["slot__point", "vendor__partner", "vendor_order"]
    # A code is found whole only (as typed, normalised below), never in part.
    search_fields = [
        "=pickup_code",
        "vendor_order__number",
        "vendor_order__order__number",
    ]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        # Codes are stored as ABCDEF23 and read out as "abcd-ef23".
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        code = normalise_code(search_term)
        if len(code) == CODE_LENGTH:
            results |= queryset.filter(pickup_code=code)
        return results, may_have_duplicates


@admin.register(VendorFulfilment)
class VendorFulfilmentAdmin(admin.ModelAdmin):
    list_display = [
        "vendor",
        "delivers",
        "delivery_flat_rate",
        "workshop_pickup",
        "preparation_hours",
        "accepts_pay_at_pickup",
    ]
    list_filter = ["delivers", "workshop_pickup", "accepts_pay_at_pickup"]
    list_select_related = ["vendor__partner"]
    search_fields = ["vendor__partner__name", "vendor__slug"]
    raw_id_fields = ["vendor"]
    filter_horizontal = ["points"]
