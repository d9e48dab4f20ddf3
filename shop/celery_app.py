"""The Celery application, configured from Django settings (``CELERY_*``)."""

import logging
import os

from celery import Celery
from celery import Task as CeleryTask
from celery.signals import beat_init, worker_init
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.local")

logger = logging.getLogger(__name__)

# Set in worker and beat processes, which leave a task to the broker or fail.
_queue_only = False


class MarketplaceTask(CeleryTask):
    """A task that runs where it is queued when the broker cannot take it.

    A request queues its e-mails, payouts and index updates once its
    transaction commits; if Redis is away then, the work is done in the
    request (as the embedded default always does) instead of being lost or
    turning the committed request into an error page. The outage is logged
    with the task's name. Workers and beat do not do this: there the error
    propagates, to be retried by the broker or the schedule.
    """

    def apply_async(self, args=None, kwargs=None, **options):
        try:
            return super().apply_async(args, kwargs, **options)
        except OperationalError as exc:
            if _queue_only or self.app.conf.task_always_eager:
                raise
            logger.warning(
                "Celery broker unavailable (%s): running %s here instead",
                exc,
                self.name,
            )
            result = self.apply(args, kwargs, throw=False)
            if result.failed():
                logger.error(
                    "%s failed where it was queued, the broker being unavailable: "
                    "%r\n%s",
                    self.name,
                    result.result,
                    result.traceback,
                )
            return result


@worker_init.connect
@beat_init.connect
def _leave_tasks_to_the_broker(**kwargs):
    global _queue_only
    _queue_only = True


app = Celery("shop", task_cls=MarketplaceTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
