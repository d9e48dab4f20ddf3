"""Models of promotions."""

from django.db import models  # noqa: F401
