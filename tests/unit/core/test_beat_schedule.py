"""Every task Celery beat sends is one the workers know."""

from django.conf import settings

from shop.celery_app import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled
    assert scheduled - set(app.tasks) == set()
