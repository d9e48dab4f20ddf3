# Celery is loaded with Django so that ``@shared_task`` uses this app.
from .celery_app import app as celery_app

__all__ = ("celery_app",)
