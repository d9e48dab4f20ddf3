"""Applying to open a shop: the account and the application, in one go."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from vendors.models import ApplicationStatus, VendorApplication

User = get_user_model()


class ApplicationRefused(Exception):
    """An application that cannot be recorded, with a message for the person."""


def split_contact_name(contact_name):
    """``("Marie", "Dupont-Aubert")`` for "Marie Dupont-Aubert"."""
    first_name, _space, last_name = contact_name.strip().partition(" ")
    return first_name, last_name.strip()


@transaction.atomic
def submit_application(data, user=None):
    """Record an artisan's application and, unless ``user`` is given, its account.

    ``data`` is the cleaned data of ``VendorApplicationForm``. The new account
    signs in with its e-mail address (also its username), is never staff, and
    stays inactive until its owner confirms it from the e-mailed link
    (``shop.apps.core.accounts.registration``). The applicant is sent an
    acknowledgement once the transaction commits. Raises
    ``ApplicationRefused`` when the e-mail address was taken in the meantime;
    nothing is created then.
    """
    if user is None:
        first_name, last_name = split_contact_name(data["contact_name"])
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=data["email"],
                    email=data["email"],
                    password=data["password1"],
                    first_name=first_name[:150],
                    last_name=last_name[:150],
                    is_staff=False,
                    is_active=False,
                )
        except IntegrityError:
            raise ApplicationRefused(
                _("An account already exists with this e-mail address.")
            ) from None
    application = VendorApplication.objects.create(
        user=user,
        company_name=data["company_name"],
        siret=data["siret"],
        legal_form=data.get("legal_form", ""),
        vat_number=data.get("vat_number", ""),
        metier=data["metier"],
        address=data.get("address", ""),
        postcode=data.get("postcode", ""),
        commune=data["commune"],
        town=data.get("town"),
        contact_name=data["contact_name"],
        phone=data["phone"],
        email=data.get("email") or user.email,
        pitch=data["pitch"],
        status=ApplicationStatus.PENDING,
    )

    from vendors.tasks import send_application_received_email_task

    transaction.on_commit(
        lambda: send_application_received_email_task.delay(application.pk)
    )
    return application
