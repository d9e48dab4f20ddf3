"""Artisans and their shops inside the marketplace."""

from decimal import Decimal as D

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shop.apps.core.uploads import UploadedImageField

from .validators import (
    sanitise_story,
    validate_image_size,
    validate_image_type,
    validate_siret,
    validate_vat_number,
)

# Paths below /artisans/ that a storefront slug would never reach: no shop
# gets one of these slugs (vendors/urls.py serves them first).
RESERVED_STOREFRONT_SLUGS = frozenset({"rejoindre", "communes"})


class VatRegime(models.TextChoices):
    STANDARD = "20", _("VAT 20 %")
    INTERMEDIATE = "10", _("VAT 10 %")
    REDUCED = "5.5", _("VAT 5.5 %")
    FRANCHISE = "franchise", _("VAT exemption (franchise en base)")


VAT_RATES = {
    VatRegime.STANDARD: D("0.20"),
    VatRegime.INTERMEDIATE: D("0.10"),
    VatRegime.REDUCED: D("0.055"),
    VatRegime.FRANCHISE: D("0"),
}
# The mention French law requires on the invoices of an exempt business.
FRANCHISE_MENTION = "TVA non applicable, art. 293 B du CGI"


class LegalForm(models.TextChoices):
    """How an artisan's business is registered, as its legal mentions say."""

    EI = "ei", _("Sole proprietorship (EI, micro-enterprise included)")
    EURL = "eurl", _("Single-member limited company (EURL)")
    SARL = "sarl", _("Limited company (SARL)")
    SASU = "sasu", _("Simplified single-member company (SASU)")
    SAS = "sas", _("Simplified joint-stock company (SAS)")
    SCOP = "scop", _("Workers' cooperative (SCOP)")
    OTHER = "other", _("Other")


class VendorLabel(models.TextChoices):
    ARTISAN_ART = "artisan_art", _("Artisan d'art")
    MAITRE_ARTISAN = "maitre_artisan", _("Maître artisan")
    FAIT_MAIN = "fait_main", _("Handmade")
    EPV = "epv", _("Entreprise du patrimoine vivant")
    BIO = "bio", _("Organic")
    PRODUIT_EN_PROVENCE = "produit_en_provence", _("Made in Provence")


class VendorStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("vendor status", "Applied")
    APPROVED = "approved", pgettext_lazy("vendor status", "Approved")
    SUSPENDED = "suspended", pgettext_lazy("vendor status", "Suspended")
    CLOSED = "closed", pgettext_lazy("vendor status", "Closed")


class VendorQuerySet(models.QuerySet):
    """Scoping rules for artisans' shops: written once, used by every view."""

    def approved(self):
        """Shops visible in the directory (approved; on vacation or not)."""
        return self.filter(status=VendorStatus.APPROVED)

    def selling(self):
        """Shops whose products can be bought right now."""
        return self.approved().filter(vacation_mode=False)

    def for_user(self, user):
        """The shops ``user`` runs (through the partner's users)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(partner__users=user)


class Vendor(models.Model):
    """An artisan's shop, one-to-one with Oscar's ``Partner``.

    The partner's ``users`` are the accounts that run the shop; its stock
    records are the shop's offers. The shop's name is the partner's name.
    """

    partner = models.OneToOneField(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="vendor",
        verbose_name=_("partner"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    metier = models.CharField(_("craft"), max_length=80, db_index=True)
    description = models.TextField(
        _("short description"),
        blank=True,
        help_text=_(
            "One or two sentences, shown in the directory and to search engines."
        ),
    )
    story = models.TextField(
        _("story"),
        blank=True,
        help_text=_("The workshop's story. Basic formatting only."),
    )
    logo = UploadedImageField(
        _("logo"),
        upload_to="vendors/logos/",
        blank=True,
        validators=[validate_image_type, validate_image_size],
    )
    banner = UploadedImageField(
        _("banner"),
        upload_to="vendors/banners/",
        blank=True,
        validators=[validate_image_type, validate_image_size],
    )
    siret = models.CharField(
        _("SIRET"), max_length=14, blank=True, validators=[validate_siret]
    )
    legal_name = models.CharField(
        _("registered name"),
        max_length=160,
        blank=True,
        help_text=_(
            "The business's name in the national register, when it is not the "
            "shop's name (for a sole proprietor: first and last name)."
        ),
    )
    legal_form = models.CharField(
        _("legal form"), max_length=10, choices=LegalForm.choices, blank=True
    )
    vat_number = models.CharField(
        _("VAT number"),
        max_length=13,
        blank=True,
        validators=[validate_vat_number],
        help_text=_("Intra-community VAT number, if you have one."),
    )
    vat_regime = models.CharField(
        _("VAT regime"),
        max_length=10,
        choices=VatRegime.choices,
        default=VatRegime.STANDARD,
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    commune = models.CharField(_("town"), max_length=80, db_index=True)
    # The commune in the official list (shop.apps.geo) this town is: its
    # territories and, when no position was given, its coordinates.
    town = models.ForeignKey(
        "geo.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vendors",
        verbose_name=_("commune"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    labels = models.JSONField(_("labels"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=VendorStatus.choices,
        default=VendorStatus.APPROVED,
        db_index=True,
    )
    vacation_mode = models.BooleanField(_("on vacation"), default=False)
    vacation_message = models.CharField(
        _("vacation message"), max_length=255, blank=True
    )
    commission_rate = models.DecimalField(
        _("commission rate"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(D("0")), MaxValueValidator(D("1"))],
        help_text=_("Leave empty to use the marketplace's default rate."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VendorQuerySet.as_manager()

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        ordering = ["partner__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(commission_rate__isnull=True)
                | Q(commission_rate__gte=0, commission_rate__lte=1),
                name="vendor_commission_rate_between_0_and_1",
            )
        ]

    def __str__(self):
        return self.partner.name

    def save(self, *args, **kwargs):
        self.story = sanitise_story(self.story)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("vendors:storefront", kwargs={"slug": self.slug})

    @property
    def name(self):
        return self.partner.name

    @property
    def vat_rate(self):
        return VAT_RATES[VatRegime(self.vat_regime)]

    @property
    def vat_mention(self):
        """The legal mention an exempt artisan must show, else an empty string."""
        return FRANCHISE_MENTION if self.vat_regime == VatRegime.FRANCHISE else ""

    @property
    def registered_name(self):
        """The name the business is registered under (the shop's by default)."""
        return self.legal_name or self.name

    @property
    def effective_commission_rate(self):
        if self.commission_rate is not None:
            return self.commission_rate
        return D(str(settings.MARKETPLACE_COMMISSION_RATE))

    @property
    def is_selling(self):
        return self.status == VendorStatus.APPROVED and not self.vacation_mode

    def get_labels_display(self):
        names = dict(VendorLabel.choices)
        return [names[code] for code in self.labels if code in names]

    def contact_emails(self):
        """Where the shop is written to: its contact address, else the
        addresses of the accounts running it."""
        if self.email:
            return [self.email]
        return sorted(
            {
                email
                for email in self.partner.users.values_list("email", flat=True)
                if email
            }
        )


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("application status", "Pending")
    APPROVED = "approved", pgettext_lazy("application status", "Approved")
    REJECTED = "rejected", pgettext_lazy("application status", "Rejected")


class VendorApplication(models.Model):
    """An artisan's request to open a shop, reviewed by chamber staff."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vendor_applications",
        verbose_name=_("account"),
    )
    company_name = models.CharField(_("company name"), max_length=128)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    legal_form = models.CharField(
        _("legal form"), max_length=10, choices=LegalForm.choices, blank=True
    )
    vat_number = models.CharField(
        _("VAT number"),
        max_length=13,
        blank=True,
        validators=[validate_vat_number],
    )
    metier = models.CharField(_("craft"), max_length=80)
    address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    commune = models.CharField(_("town"), max_length=80)
    # The commune in the official list (shop.apps.geo) this town is: its
    # territories and, when no position was given, its coordinates.
    town = models.ForeignKey(
        "geo.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("commune"),
    )
    contact_name = models.CharField(_("contact name"), max_length=128)
    phone = models.CharField(_("phone"), max_length=30)
    email = models.EmailField(_("e-mail"))
    pitch = models.TextField(_("short pitch"), max_length=1000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
        db_index=True,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    vendor = models.OneToOneField(
        Vendor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("shop"),
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("artisan application")
        verbose_name_plural = _("artisan applications")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.company_name} ({self.get_status_display()})"


class VendorOrderStatus(models.TextChoices):
    # Paid online: placed, not yet paid; artisans see it once Stripe confirms.
    AWAITING_PAYMENT = (
        "awaiting_payment",
        pgettext_lazy("vendor order status", "Awaiting payment"),
    )
    NEW = "new", pgettext_lazy("vendor order status", "New")
    ACCEPTED = "accepted", pgettext_lazy("vendor order status", "Accepted")
    IN_PREPARATION = (
        "in_preparation",
        pgettext_lazy("vendor order status", "In preparation"),
    )
    READY = "ready", pgettext_lazy("vendor order status", "Ready")
    SHIPPED = "shipped", pgettext_lazy("vendor order status", "Shipped")
    # A pickup nobody came for: the artisan takes the parcel back.
    NO_SHOW = "no_show", pgettext_lazy("vendor order status", "Not collected")
    COMPLETED = "completed", pgettext_lazy("vendor order status", "Completed")
    REFUSED = "refused", pgettext_lazy("vendor order status", "Refused")
    CANCELLED = "cancelled", pgettext_lazy("vendor order status", "Cancelled")
    RETURNED = (
        "returned",
        pgettext_lazy("vendor order status", "Returned to the artisan"),
    )


# The statuses after which a vendor order never changes again.
CLOSED_STATUSES = frozenset(
    {
        VendorOrderStatus.COMPLETED,
        VendorOrderStatus.REFUSED,
        VendorOrderStatus.CANCELLED,
        VendorOrderStatus.RETURNED,
    }
)


class OrderStatus(models.TextChoices):
    """The overall status of an order, derived from its artisans' parts."""

    PENDING_PAYMENT = (
        "pending_payment",
        pgettext_lazy("order status", "Awaiting payment"),
    )
    PLACED = "placed", pgettext_lazy("order status", "Placed")
    IN_PROGRESS = "in_progress", pgettext_lazy("order status", "Being prepared")
    PARTIALLY_READY = (
        "partially_ready",
        pgettext_lazy("order status", "Partly ready"),
    )
    READY = "ready", pgettext_lazy("order status", "Ready")
    PARTIALLY_COMPLETED = (
        "partially_completed",
        pgettext_lazy("order status", "Partly collected or delivered"),
    )
    COMPLETED = "completed", pgettext_lazy("order status", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("order status", "Cancelled")


def order_status_label(status):
    """The words for an order's ``status`` (its raw value when unknown)."""
    try:
        return OrderStatus(status).label
    except ValueError:
        return status


class ActorRole(models.TextChoices):
    """Who moves an artisan's order on (see ``vendors.lifecycle``)."""

    ARTISAN = "artisan", _("Artisan")
    LOGISTICS = "logistics", _("Logistics staff")
    STAFF = "staff", _("Chamber staff")
    SYSTEM = "system", _("Marketplace")


class PartAction(models.TextChoices):
    """The steps of an artisan's order, as its timeline tells them."""

    PLACE = "place", _("Order placed")
    PAY = "pay", _("Paid online")
    ABANDON = "abandon", _("Cancelled: payment not received")
    ACCEPT = "accept", _("Accepted by the artisan")
    REFUSE = "refuse", _("Refused by the artisan")
    PREPARE = "prepare", _("Being prepared")
    MARK_READY = "mark_ready", _("Ready")
    CHECK_IN = "check_in", _("Arrived at the pickup point")
    SHIP = "ship", _("Shipped")
    CONFIRM_DELIVERY = "confirm_delivery", _("Delivered")
    HAND_OVER = "hand_over", _("Collected")
    NO_SHOW = "no_show", _("Not collected in its slot")
    TAKE_BACK = "take_back", _("Taken back by the artisan")
    CANCEL = "cancel", _("Cancelled")


class PartEmail(models.TextChoices):
    """The e-mails the steps of an artisan's order send, each once.

    Templates: ``vendors/emails/parts/<value>_subject.txt``, ``_body.txt`` and
    ``_body.html``. Which step sends which is the order conductor's.
    """

    # to the artisan
    NEW_ORDER = "new_order", _("New order to prepare (artisan)")
    NO_SHOW_ARTISAN = "no_show_artisan", _("Parcel not collected (artisan)")
    CANCELLED_ARTISAN = "cancelled_artisan", _("Order cancelled (artisan)")
    # to the customer
    ACCEPTED = "accepted", _("Accepted by the artisan (customer)")
    REFUSED = "refused", _("Refused by the artisan (customer)")
    READY_AT_WORKSHOP = "ready_at_workshop", _("Ready at the workshop (customer)")
    READY_AT_POINT = "ready_at_point", _("Ready at the pickup point (customer)")
    SHIPPED = "shipped", _("Shipped (customer)")
    HANDED_OVER = "handed_over", _("Collected (customer)")
    NO_SHOW = "no_show", _("Parcel not collected (customer)")
    RETURNED = "returned", _("Parcel back to the artisan (customer)")
    CANCELLED = "cancelled", _("Order cancelled (customer)")


class FulfilmentMethod(models.TextChoices):
    DELIVERY = "delivery", _("Home delivery")
    WORKSHOP_PICKUP = "workshop_pickup", _("Click & collect at the workshop")
    POINT_PICKUP = "point_pickup", _("Pickup at a drive or relay point")


class VendorOrderQuerySet(models.QuerySet):
    def for_user(self, user):
        """The vendor orders of the shops ``user`` runs."""
        return self.filter(vendor__in=Vendor.objects.for_user(user))

    def seen_by_artisans(self):
        """Without the parts of orders never paid online.

        An order paid online reaches its artisans once Stripe confirms the
        payment; one abandoned before (cancelled by the payment sweep) never does.
        """
        never_paid = VendorOrderEvent.objects.filter(
            vendor_order=models.OuterRef("pk"),
            from_status=VendorOrderStatus.AWAITING_PAYMENT,
            to_status=VendorOrderStatus.CANCELLED,
        )
        return self.exclude(status=VendorOrderStatus.AWAITING_PAYMENT).exclude(
            models.Exists(never_paid)
        )

    def to_handle(self):
        """The parts waiting for their artisan, or for their customer's pickup."""
        return self.filter(
            status__in=[
                VendorOrderStatus.NEW,
                VendorOrderStatus.ACCEPTED,
                VendorOrderStatus.IN_PREPARATION,
                VendorOrderStatus.READY,
                VendorOrderStatus.NO_SHOW,
            ]
        )


class VendorOrder(models.Model):
    """One artisan's part of an order, with the money frozen at placement."""

    order = models.ForeignKey(
        "order.Order",
        on_delete=models.CASCADE,
        related_name="vendor_orders",
        verbose_name=_("order"),
    )
    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.PROTECT,
        related_name="vendor_orders",
        verbose_name=_("artisan"),
    )
    number = models.CharField(_("number"), max_length=140, unique=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=VendorOrderStatus.choices,
        default=VendorOrderStatus.NEW,
        db_index=True,
    )
    fulfilment_method = models.CharField(
        _("fulfilment"),
        max_length=20,
        choices=FulfilmentMethod.choices,
        default=FulfilmentMethod.DELIVERY,
    )
    currency = models.CharField(_("currency"), max_length=12, default="EUR")
    subtotal_incl_tax = models.DecimalField(
        _("subtotal (incl. tax)"), max_digits=12, decimal_places=2
    )
    subtotal_excl_tax = models.DecimalField(
        _("subtotal (excl. tax)"), max_digits=12, decimal_places=2
    )
    fulfilment_cost = models.DecimalField(
        _("fulfilment cost (incl. tax)"), max_digits=12, decimal_places=2, default=0
    )
    # The sale: lines after the artisan's own discounts, plus fulfilment. It is
    # what the artisan invoices and the base of the commission.
    total_incl_tax = models.DecimalField(
        _("total (incl. tax)"), max_digits=12, decimal_places=2
    )
    # Discounts paid by the chamber or a partner territory, not by the
    # artisan: the customer does not pay them, the funder does (through the
    # chamber), so they never lower the artisan's net.
    funded_discount = models.DecimalField(
        _("discount funded by the chamber or a partner"),
        max_digits=12,
        decimal_places=2,
        default=0,
    )
    commission_rate = models.DecimalField(
        _("commission rate"), max_digits=5, decimal_places=4
    )
    commission_amount = models.DecimalField(
        _("commission"), max_digits=12, decimal_places=2
    )
    net_amount = models.DecimalField(
        _("artisan's net amount"), max_digits=12, decimal_places=2
    )
    status_reason = models.TextField(_("reason"), blank=True)
    carrier = models.CharField(_("carrier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("placed"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VendorOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("artisan's order")
        verbose_name_plural = _("artisans' orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "vendor"], name="one_vendor_order_per_vendor"
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def lines(self):
        """The order lines this artisan supplies."""
        return self.order.lines.filter(partner_id=self.vendor.partner_id)

    @property
    def customer_total(self):
        """What the customer pays for this part: the sale less funded discounts."""
        return self.total_incl_tax - self.funded_discount

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    @property
    def is_pickup(self):
        return self.fulfilment_method != FulfilmentMethod.DELIVERY


class VendorOrderEvent(models.Model):
    """A step in the life of a vendor order: what was done, by whom, when, why.

    Written by the order conductor (``vendors.lifecycle``) only. ``action`` names
    the transition; a step that keeps the status (a parcel received at its
    point) has the same ``from_status`` and ``to_status``. The e-mail templates
    the step calls for are recorded with it, so that the e-mail task sends
    each one once, however often it runs.
    """

    vendor_order = models.ForeignKey(
        VendorOrder,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("artisan's order"),
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=VendorOrderStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=16, choices=VendorOrderStatus.choices
    )
    action = models.CharField(
        _("step"), max_length=20, choices=PartAction.choices, blank=True
    )
    role = models.CharField(
        _("by whom"), max_length=12, choices=ActorRole.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    # What the step recorded besides the status: tracking number, amount
    # collected and how, stock taken back or not (JSON of strings).
    details = models.JSONField(_("details"), default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    customer_email = models.CharField(
        _("e-mail to the customer"),
        max_length=40,
        choices=PartEmail.choices,
        blank=True,
    )
    customer_notified_at = models.DateTimeField(
        _("customer notified"), null=True, blank=True
    )
    artisan_email = models.CharField(
        _("e-mail to the artisan"),
        max_length=40,
        choices=PartEmail.choices,
        blank=True,
    )
    artisan_notified_at = models.DateTimeField(
        _("artisan notified"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.vendor_order}: {self.from_status} -> {self.to_status}"


class VendorStatusChange(models.Model):
    """A shop suspended or reactivated by chamber staff: who, when, why.

    ``artisan_notified_at`` makes the e-mail to the artisan go out once.
    """

    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("shop"),
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=VendorStatus.choices
    )
    to_status = models.CharField(_("to"), max_length=12, choices=VendorStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    artisan_notified_at = models.DateTimeField(
        _("artisan notified"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("shop status change")
        verbose_name_plural = _("shop status changes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.vendor}: {self.from_status} -> {self.to_status}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Withdrawn")


class TeamInvitation(models.Model):
    """An invitation to run a shop with its team, answered from the e-mailed
    link (a signed token naming the invitation and its ``nonce``).

    The person joins once they accept it, signed in with the account of the
    invited address; sending it again renews ``nonce`` and ``expires_at``, so
    that only the latest link works.
    """

    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.CASCADE,
        related_name="team_invitations",
        verbose_name=_("shop"),
    )
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    nonce = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "email"],
                condition=Q(status="pending"),
                name="one_pending_team_invitation_per_address",
            )
        ]

    def __str__(self):
        return f"{self.email} -> {self.vendor}"
