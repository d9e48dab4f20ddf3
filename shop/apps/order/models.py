from oscar.apps.order.models import *  # noqa: F403 isort:skip
