"""Pickup points, their weekly schedules, time slots and reservations."""

from decimal import Decimal as D

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PickupPointKind(models.TextChoices):
    WORKSHOP = "workshop", _("Artisan's workshop")
    DRIVE = "drive", _("Drive point")
    RELAY = "relay", _("Relay point")


class PickupPointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def run_by(self, user):
        """The points a logistics account runs (all of them for no one else)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(staff=user)


class PickupPoint(models.Model):
    """A place where consumers collect their parcels."""

    kind = models.CharField(_("kind"), max_length=10, choices=PickupPointKind.choices)
    name = models.CharField(_("name"), max_length=128)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workshop_points",
        verbose_name=_("artisan (workshop only)"),
    )
    address = models.CharField(_("address"), max_length=255)
    postcode = models.CharField(_("postcode"), max_length=10)
    commune = models.CharField(_("town"), max_length=80, db_index=True)
    # The commune in the official list (shop.apps.geo) this town is: its
    # territories and, when no position was given, its coordinates.
    town = models.ForeignKey(
        "geo.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pickup_points",
        verbose_name=_("commune"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    opening_hours = models.TextField(_("opening hours"), blank=True)
    access_instructions = models.TextField(_("access instructions"), blank=True)
    cutoff_hours = models.PositiveSmallIntegerField(
        _("booking cut-off (hours)"),
        default=24,
        help_text=_("No booking less than this many hours before a slot starts."),
    )
    no_show_grace_minutes = models.PositiveSmallIntegerField(
        _("no-show grace period (minutes)"), default=30
    )
    handover_grace_days = models.PositiveSmallIntegerField(
        _("hand-over grace period (days)"),
        default=2,
        help_text=_(
            "A parcel is handed over on its slot's day; this many days before "
            "or after, only once the person handing it over confirms. Later, "
            "it goes back to the artisan."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="pickup_points",
        verbose_name=_("logistics staff"),
    )

    objects = PickupPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("pickup point")
        verbose_name_plural = _("pickup points")
        ordering = ["commune", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=PickupPointKind.WORKSHOP, vendor__isnull=False)
                | (~Q(kind=PickupPointKind.WORKSHOP) & Q(vendor__isnull=True)),
                name="pickup_point_workshop_has_its_artisan",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.commune})"


class WeeklySchedule(models.Model):
    """When a point opens for pickups on a weekday, cut into slots."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    point = models.ForeignKey(
        PickupPoint,
        on_delete=models.CASCADE,
        related_name="schedules",
        verbose_name=_("pickup point"),
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start = models.TimeField(_("opens"))
    end = models.TimeField(_("closes"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), default=60, validators=[MinValueValidator(15)]
    )
    capacity = models.PositiveSmallIntegerField(
        _("parcels per slot"), default=5, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("opening time")
        verbose_name_plural = _("opening times")
        ordering = ["point", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="schedule_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return f"{self.point}: {self.get_weekday_display()} {self.start}-{self.end}"


class Closure(models.Model):
    """Days a point is closed (holidays, works): no slot is offered then."""

    point = models.ForeignKey(
        PickupPoint,
        on_delete=models.CASCADE,
        related_name="closures",
        verbose_name=_("pickup point"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to (included)"))
    reason = models.CharField(_("reason"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="closure_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.point}: {self.start_date} – {self.end_date}"


class VendorFulfilment(models.Model):
    """How an artisan hands over their goods: delivery rates and pickups."""

    vendor = models.OneToOneField(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        related_name="fulfilment",
        verbose_name=_("artisan"),
    )
    delivers = models.BooleanField(_("home delivery"), default=True)
    delivery_flat_rate = models.DecimalField(
        _("delivery: flat rate (incl. tax)"),
        max_digits=8,
        decimal_places=2,
        default=D("6.90"),
        validators=[MinValueValidator(D("0"))],
    )
    delivery_rate_per_kg = models.DecimalField(
        _("delivery: per kg (incl. tax)"),
        max_digits=8,
        decimal_places=2,
        default=D("0"),
        validators=[MinValueValidator(D("0"))],
    )
    free_delivery_above = models.DecimalField(
        _("free delivery above (incl. tax)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(D("0"))],
    )
    workshop_pickup = models.BooleanField(
        _("click & collect at the workshop"), default=False
    )
    points = models.ManyToManyField(
        PickupPoint,
        blank=True,
        related_name="served_by",
        limit_choices_to=~Q(kind=PickupPointKind.WORKSHOP),
        verbose_name=_("drive and relay points served"),
    )
    preparation_hours = models.PositiveSmallIntegerField(
        _("preparation lead time (hours)"), default=24
    )
    accepts_pay_at_pickup = models.BooleanField(
        _("accepts payment at pickup"), default=True
    )

    class Meta:
        verbose_name = _("artisan's fulfilment options")
        verbose_name_plural = _("artisans' fulfilment options")

    def __str__(self):
        return str(self.vendor)


class SlotQuerySet(models.QuerySet):
    def with_room(self):
        return self.filter(reserved__lt=F("capacity"))


class Slot(models.Model):
    """A time window at a point, with a number of parcels it can take."""

    point = models.ForeignKey(
        PickupPoint,
        on_delete=models.CASCADE,
        related_name="slots",
        verbose_name=_("pickup point"),
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    reserved = models.PositiveSmallIntegerField(_("reserved"), default=0)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "starts_at"], name="one_slot_per_point_and_start"
            ),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("capacity")),
                name="slot_never_over_capacity",
            ),
        ]

    def __str__(self):
        return f"{self.point} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def remaining(self):
        return max(self.capacity - self.reserved, 0)


class ReservationStatus(models.TextChoices):
    HELD = "held", pgettext_lazy("reservation", "Held")
    CONFIRMED = "confirmed", pgettext_lazy("reservation", "Confirmed")
    RELEASED = "released", pgettext_lazy("reservation", "Released")


class ParcelStatus(models.TextChoices):
    AWAITED = "awaited", pgettext_lazy("parcel", "Awaited")
    RECEIVED = "received", pgettext_lazy("parcel", "Received")
    HANDED_OVER = "handed_over", pgettext_lazy("parcel", "Handed over")
    NO_SHOW = "no_show", pgettext_lazy("parcel", "No-show")
    RETURNED = "returned", pgettext_lazy("parcel", "Returned to the artisan")


class Reservation(models.Model):
    """A place in a slot for one artisan's part of an order, and its parcel.

    Held for a short time by a basket during checkout, confirmed when the
    order is placed (with a pickup code), released when the hold expires, the
    payment fails or the artisan's part is refused or cancelled.
    """

    slot = models.ForeignKey(
        Slot,
        on_delete=models.PROTECT,
        related_name="reservations",
        verbose_name=_("slot"),
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="reservations",
        verbose_name=_("artisan"),
    )
    vendor_order = models.OneToOneField(
        "vendors.VendorOrder",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reservation",
        verbose_name=_("artisan's order"),
    )
    basket = models.ForeignKey(
        "basket.Basket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="slot_reservations",
        verbose_name=_("basket"),
    )
    # Who took the hold, as a keyed hash of their network address (never the
    # address itself): a few live holds per address at most.
    held_from = models.CharField(
        _("held from"), max_length=64, blank=True, db_index=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReservationStatus.choices,
        default=ReservationStatus.HELD,
        db_index=True,
    )
    hold_expires_at = models.DateTimeField(_("hold expires"), null=True, blank=True)
    pickup_code = models.CharField(
        _("pickup code"), max_length=12, unique=True, null=True, blank=True
    )
    parcel_status = models.CharField(
        _("parcel"),
        max_length=12,
        choices=ParcelStatus.choices,
        default=ParcelStatus.AWAITED,
        db_index=True,
    )
    checked_in_at = models.DateTimeField(_("received"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("slot reservation")
        verbose_name_plural = _("slot reservations")
        ordering = ["slot__starts_at", "id"]

    def __str__(self):
        return f"{self.slot} – {self.vendor} ({self.get_status_display()})"


class NotificationKind(models.TextChoices):
    PICKUP_REMINDER = "pickup_reminder", _("Pickup reminder (customer)")
    ARTISAN_DIGEST = "artisan_digest", _("Parcels to bring (artisan)")


class Notification(models.Model):
    """A scheduled e-mail about a parcel, recorded so that it is sent only once.

    The e-mails of a part's own steps (ready, not collected, ...) go with the
    steps of the order conductor; these are the ones sent by the calendar.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    reservation = models.ForeignKey(
        Reservation,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("slot reservation"),
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("pickup notification")
        verbose_name_plural = _("pickup notifications")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "reservation"], name="one_notification_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.reservation_id}"
