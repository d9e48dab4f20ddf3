"""What the privacy page promises to let go of, let go of every night."""

import logging
from datetime import timedelta
from importlib import import_module

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from .erasure import anonymise_expired_orders

logger = logging.getLogger(__name__)


def delete_old_sign_in_records(days, now=None):
    """Sign-in attempts (django-axes) older than ``days``; how many went."""
    if not apps.is_installed("axes"):
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted = 0
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        count, _by_model = (
            apps.get_model("axes", name)
            .objects.filter(attempt_time__lt=cutoff)
            .delete()
        )
        deleted += count
    return deleted


@shared_task
def purge_expired_personal_data_task():
    """Anonymise orders past their retention period, delete expired sessions
    and sign-in records older than the logs' retention (idempotent)."""
    from cms.models import LegalSettings

    orders = anonymise_expired_orders()
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    sign_ins = delete_old_sign_in_records(LegalSettings.load().log_retention_days)
    logger.info(
        "personal data purge: %s orders anonymised, %s sign-in records deleted",
        orders,
        sign_ins,
    )
    return {"orders": orders, "sign_in_records": sign_ins}
