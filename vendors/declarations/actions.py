"""Building the artisans' yearly statements, and e-mailing each once.

Every January the platform tells each artisan who sold through it what it
will declare about them (art. 242 bis of the French tax code): their gross
sales, number of transactions and the commissions withheld over the past
year. Both steps can run any number of times: a statement is built once per
artisan and year and never rewritten, and its e-mail leaves once.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from shop.apps.core.links import absolute_url
from vendors.models import Vendor

from .figures import QUARTERS, seller_figures
from .models import YearlyStatement

logger = logging.getLogger(__name__)

EMAIL_TEMPLATES = "vendors/declarations/emails/yearly_statement"


def past_year(today=None):
    """The year a statement sent on ``today`` covers: the one before."""
    return (today or timezone.localdate()).year - 1


def one_line_address(vendor):
    town = " ".join(part for part in (vendor.postcode, vendor.commune) if part)
    return ", ".join(part for part in (vendor.address, town) if part)


def quarters_of(figures):
    """Per-quarter figures as the statement keeps them (JSON)."""
    return [
        {
            "quarter": quarter,
            "gross": str(figures.quarters[quarter].gross),
            "transactions": figures.quarters[quarter].transactions,
            "commission": str(figures.quarters[quarter].commission),
        }
        for quarter in QUARTERS
    ]


def build_yearly_statements(year, now=None):
    """Build the statement of ``year`` of every artisan who sold in it.

    Artisans who already have theirs keep it unchanged; returns how many
    statements were built now. Concurrent runs build each one once (the
    database's unique constraint decides).
    """
    now = now or timezone.now()
    sellers = seller_figures(year)
    vendors = Vendor.objects.select_related("partner").in_bulk(list(sellers))
    statements = [
        YearlyStatement(
            vendor_id=vendor_id,
            year=year,
            seller_name=vendors[vendor_id].registered_name,
            legal_form=vendors[vendor_id].legal_form,
            siret=vendors[vendor_id].siret,
            vat_number=vendors[vendor_id].vat_number,
            address=one_line_address(vendors[vendor_id]),
            gross=figures.gross,
            transactions=figures.transactions,
            commission=figures.commission,
            quarters=quarters_of(figures),
            generated_at=now,
        )
        for vendor_id, figures in sellers.items()
    ]
    before = YearlyStatement.objects.filter(year=year).count()
    YearlyStatement.objects.bulk_create(statements, ignore_conflicts=True)
    built = YearlyStatement.objects.filter(year=year).count() - before
    logger.info(
        "yearly statements %s: %s built, %s artisans sold", year, built, len(sellers)
    )
    return built


def render_statement_email(statement):
    """Subject, text and HTML of the e-mail that brings ``statement``."""
    context = {
        "statement": statement,
        "vendor": statement.vendor,
        "statement_url": absolute_url(statement.get_absolute_url()),
        "site_name": settings.OSCAR_SHOP_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{EMAIL_TEMPLATES}_subject.txt", context)
        text = render_to_string(f"{EMAIL_TEMPLATES}_body.txt", context)
        html = render_to_string(f"{EMAIL_TEMPLATES}_body.html", context)
    return " ".join(subject.split()), text, html


def email_yearly_statement(statement_id):
    """E-mail a statement to its artisan unless it was; True when it left now.

    ``emailed_at`` is written in the same transaction as the e-mail leaves,
    under the statement's row lock: a second run finds it and sends nothing,
    and a failed send writes nothing, so the next run tries again.
    """
    with transaction.atomic():
        statement = (
            YearlyStatement.objects.select_for_update(of=("self",))
            .select_related("vendor__partner")
            .filter(pk=statement_id, emailed_at__isnull=True)
            .first()
        )
        if statement is None:
            return False
        to = statement.vendor.contact_emails()
        if not to:
            logger.warning(
                "yearly statement %s of %s: the shop has no e-mail address",
                statement.year,
                statement.vendor.slug,
            )
            return False
        subject, text, html = render_statement_email(statement)
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
        message.attach_alternative(html, "text/html")
        message.send()
        statement.emailed_at = timezone.now()
        statement.save(update_fields=["emailed_at"])
    return True


def email_yearly_statements(year):
    """E-mail every statement of ``year`` not e-mailed yet; how many left now."""
    waiting = YearlyStatement.objects.filter(
        year=year, emailed_at__isnull=True
    ).values_list("pk", flat=True)
    return sum(email_yearly_statement(pk) for pk in list(waiting))
