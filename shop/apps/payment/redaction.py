"""Keep Stripe secrets out of logs and stored error texts.

Real Stripe masks keys in its error messages, but not everything that
answers on Stripe's behalf does (stripe-mock echoes the ``Authorization``
header), and Stripe's client logs error messages at INFO. This filter sits on
the ``stripe`` logger, ours, and those that log failed tasks and requests.
"""

import logging
import re

# Secret and restricted API keys, webhook endpoint secrets, client secrets.
SECRET_PATTERN = re.compile(
    r"\b(?:(?:sk|rk)_(?:test|live)_|whsec_)[A-Za-z0-9_]+"
    r"|\bpi_[A-Za-z0-9]+_secret_[A-Za-z0-9]+"
)
MASK = "[redacted]"


def redact_secrets(text):
    """``text`` with anything that looks like a Stripe secret masked."""
    return SECRET_PATTERN.sub(MASK, str(text))


class RedactStripeSecrets(logging.Filter):
    """Masks Stripe secrets in a record's message and traceback."""

    def filter(self, record):
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact_secrets(
                logging.Formatter().formatException(record.exc_info)
            )
        return True


# A logger's filters only see records created on that very logger, hence
# each module's logger, and those that log failed tasks and requests.
LOGGERS = (
    "stripe",
    "shop.apps.payment.actions",
    "shop.apps.payment.stripe_api",
    "shop.apps.payment.tasks",
    "shop.apps.payment.views",
    "shop.apps.payment.webhooks",
    "celery.app.trace",
    "django.request",
)


def install():
    """Attach the filter to the loggers that may see Stripe's answers."""
    redacting = RedactStripeSecrets()
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactStripeSecrets) for f in logger.filters):
            logger.addFilter(redacting)
