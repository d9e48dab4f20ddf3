"""The life of an artisan's order after placement, owned by one conductor.

``rules`` says which steps each role may take, per status and fulfilment, and
what follows each; ``conductor`` takes them; ``handover`` and ``marketplace``
are the console's hand-over by code and the marketplace's own steps (payment
received or abandoned, parcels not collected). Import from here.
"""

from .conductor import (  # noqa: F401
    Actor,
    Collection,
    CollectionNeeded,
    StepInput,
    StepNeedsConfirmation,
    StepRefused,
    perform,
    steps_for,
)
from .handover import HandOverPreview, hand_over_at_point, hand_over_preview  # noqa: F401
from .marketplace import (  # noqa: F401
    abandon_unpaid_order,
    cancel_abandoned_payments,
    mark_no_shows,
    open_paid_order,
)
from .rules import TRANSITIONS, Transition  # noqa: F401
