from tests.integration.payment.fixtures import (  # noqa: F401
    stripe_mock,
    stripe_requests,
    stripe_settings,
)
