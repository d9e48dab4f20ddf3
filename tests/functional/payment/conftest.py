from tests.integration.payment.fixtures import (  # noqa: F401
    intent_record,
    order,
    stripe_mock,
    stripe_requests,
    stripe_settings,
    two_artisans,
)
