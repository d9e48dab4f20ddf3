"""Chamber staff's writes on artisans: review applications, suspend shops.

Every function checks the current state under a row lock and raises
``ReviewNotAllowed`` with a message for the staff member when the step is not
allowed; nothing is written then. E-mails to the artisan are queued once the
transaction commits.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from vendors.models import (
    RESERVED_STOREFRONT_SLUGS,
    ApplicationStatus,
    Vendor,
    VendorApplication,
    VendorStatus,
    VendorStatusChange,
)

Partner = get_model("partner", "Partner")

SLUG_MAX_LENGTH = Vendor._meta.get_field("slug").max_length


class ReviewNotAllowed(Exception):
    """A review step that the application's or the shop's state does not allow."""


def unique_vendor_slug(name):
    """A slug for a new shop called ``name`` that no other shop uses yet."""
    base = slugify(name)[:SLUG_MAX_LENGTH].strip("-") or "artisan"
    slug, suffix = base, 1
    while (
        slug in RESERVED_STOREFRONT_SLUGS or Vendor.objects.filter(slug=slug).exists()
    ):
        suffix += 1
        tail = f"-{suffix}"
        slug = base[: SLUG_MAX_LENGTH - len(tail)].strip("-") + tail
    return slug


def _lock_pending_application(application):
    locked = (
        VendorApplication.objects.select_for_update()
        .select_related("user")
        .get(pk=application.pk)
    )
    if locked.status != ApplicationStatus.PENDING:
        raise ReviewNotAllowed(
            _("This application has already been reviewed (“%(status)s”).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _copy_review(source, target):
    """Reflect the stored review on the caller's instance."""
    for field in (
        "status",
        "rejection_reason",
        "reviewed_by",
        "reviewed_at",
        "vendor",
    ):
        setattr(target, field, getattr(source, field))


@transaction.atomic
def approve_application(application, reviewed_by, commission_rate=None):
    """Open the applicant's shop: Oscar partner, ``Vendor``, account linked.

    The shop takes the application's particulars, its commune of the
    official list and that commune's position.

    The shop starts approved, with ``commission_rate`` (a fraction, e.g.
    ``Decimal("0.08")``) or the marketplace's default rate when None. The
    applicant is e-mailed the way into their back office once this commits.
    Returns the new ``Vendor``.
    """
    from vendors.tasks import send_application_approved_email_task

    locked = _lock_pending_application(application)
    # One account runs one shop: the back office serves the account's shop.
    current_shop = Vendor.objects.for_user(locked.user).select_related("partner")
    if current_shop.exists():
        raise ReviewNotAllowed(
            _("This account already runs the shop “%(name)s”.")
            % {"name": current_shop.first().name}
        )

    # The workshop stands at its commune's town hall until the artisan
    # places it more precisely in their back office.
    town = locked.town
    partner = Partner._default_manager.create(name=locked.company_name)
    partner.users.add(locked.user)
    vendor = Vendor.objects.create(
        partner=partner,
        slug=unique_vendor_slug(locked.company_name),
        metier=locked.metier,
        commune=locked.commune,
        town=town,
        latitude=town.latitude if town else None,
        longitude=town.longitude if town else None,
        siret=locked.siret,
        legal_form=locked.legal_form,
        vat_number=locked.vat_number,
        address=locked.address,
        postcode=locked.postcode,
        phone=locked.phone,
        email=locked.email,
        description=locked.pitch.strip(),
        status=VendorStatus.APPROVED,
        commission_rate=commission_rate,
    )

    locked.status = ApplicationStatus.APPROVED
    locked.reviewed_by = reviewed_by
    locked.reviewed_at = timezone.now()
    locked.vendor = vendor
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "vendor"])
    _copy_review(locked, application)

    transaction.on_commit(lambda: send_application_approved_email_task.delay(locked.pk))
    return vendor


@transaction.atomic
def reject_application(application, reviewed_by, reason):
    """Turn the application down; the applicant is e-mailed ``reason``."""
    from vendors.tasks import send_application_rejected_email_task

    reason = (reason or "").strip()
    if not reason:
        raise ReviewNotAllowed(
            _("Please give the reason for the rejection: it is sent to the applicant.")
        )
    locked = _lock_pending_application(application)
    locked.status = ApplicationStatus.REJECTED
    locked.rejection_reason = reason
    locked.reviewed_by = reviewed_by
    locked.reviewed_at = timezone.now()
    locked.save(
        update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"]
    )
    _copy_review(locked, application)

    transaction.on_commit(lambda: send_application_rejected_email_task.delay(locked.pk))
    return locked


def _lock_vendor(vendor):
    return (
        Vendor.objects.select_for_update().select_related("partner").get(pk=vendor.pk)
    )


def _record_status_change(vendor, from_status, by, reason=""):
    return VendorStatusChange.objects.create(
        vendor=vendor,
        from_status=from_status,
        to_status=vendor.status,
        reason=reason,
        user=by if by is not None and by.is_authenticated else None,
    )


def shop_history(vendor, limit=20):
    """The shop's suspensions and reactivations, newest first, with who did them."""
    return vendor.status_changes.select_related("user")[:limit]


@transaction.atomic
def suspend_vendor(vendor, by, reason):
    """Stop an approved shop's sales; the artisan is e-mailed ``reason``.

    Its products stay listed but can no longer be bought (the pricing
    strategy reads ``Vendor.is_selling``). Returns the recorded change.
    """
    from vendors.tasks import send_shop_suspended_email_task

    reason = (reason or "").strip()
    if not reason:
        raise ReviewNotAllowed(
            _("Please give the reason for the suspension: it is sent to the artisan.")
        )
    locked = _lock_vendor(vendor)
    if locked.status != VendorStatus.APPROVED:
        raise ReviewNotAllowed(
            _("Only an approved shop can be suspended; “%(name)s” is “%(status)s”.")
            % {"name": locked.name, "status": locked.get_status_display()}
        )
    locked.status = VendorStatus.SUSPENDED
    locked.save(update_fields=["status", "updated_at"])
    vendor.status = locked.status
    change = _record_status_change(locked, VendorStatus.APPROVED, by, reason)

    transaction.on_commit(lambda: send_shop_suspended_email_task.delay(change.pk))
    return change


@transaction.atomic
def reactivate_vendor(vendor, by):
    """Let a suspended shop sell again and tell the artisan.

    Returns the recorded change.
    """
    from vendors.tasks import send_shop_reactivated_email_task

    locked = _lock_vendor(vendor)
    if locked.status != VendorStatus.SUSPENDED:
        raise ReviewNotAllowed(
            _("Only a suspended shop can be reactivated; “%(name)s” is “%(status)s”.")
            % {"name": locked.name, "status": locked.get_status_display()}
        )
    locked.status = VendorStatus.APPROVED
    locked.save(update_fields=["status", "updated_at"])
    vendor.status = locked.status
    change = _record_status_change(locked, VendorStatus.SUSPENDED, by)

    transaction.on_commit(lambda: send_shop_reactivated_email_task.delay(change.pk))
    return change
