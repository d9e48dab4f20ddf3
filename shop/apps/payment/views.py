"""Stripe's endpoints: the webhook, and the artisan's Connect onboarding."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from vendors.scoping import vendor_for_user

from . import actions, stripe_api
from .tasks import process_stripe_event_task
from .webhooks import InvalidWebhook, receive_webhook

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request):
    """Receive a Stripe event: 400 unless Stripe signed it, else 200 at once."""
    try:
        event, created = receive_webhook(
            request.body, request.headers.get("Stripe-Signature")
        )
    except InvalidWebhook as exc:
        # Our own reason only: never the header, the body or the secret.
        logger.warning("Stripe webhook refused: %s", exc)
        return HttpResponseBadRequest(
            _("Invalid Stripe webhook request."), content_type="text/plain"
        )
    if created:
        event_pk = event.pk
        # robust: Stripe gets its 200 once the event is recorded, even when
        # eager processing fails (the error is logged and kept on the event).
        transaction.on_commit(
            lambda: process_stripe_event_task.delay(event_pk), robust=True
        )
    return JsonResponse({"received": True, "duplicate": not created})


@login_required
def connect_onboarding(request):
    """Send the artisan to Stripe's onboarding (also Stripe's refresh URL)."""
    vendor = vendor_for_user(request.user)
    if vendor is None:
        raise PermissionDenied
    if not stripe_api.is_configured():
        messages.error(request, _("Online payments are not configured."))
        return HttpResponseRedirect(reverse("backoffice:overview"))
    refresh_url = request.build_absolute_uri(reverse("stripe:connect-onboarding"))
    return_url = request.build_absolute_uri(reverse("stripe:connect-return"))
    try:
        url = actions.start_connect_onboarding(vendor, refresh_url, return_url)
    except stripe_api.StripeError:
        logger.exception("Artisan %s: Stripe onboarding could not start", vendor.pk)
        messages.error(
            request, _("Stripe cannot be reached right now. Please try again later.")
        )
        return HttpResponseRedirect(reverse("backoffice:overview"))
    return HttpResponseRedirect(url)


@login_required
def connect_return(request):
    """Back from Stripe: the account's status will follow from Stripe's updates."""
    messages.info(
        request,
        _(
            "Thank you. Stripe is checking your details: your payout status is "
            "updated as soon as Stripe confirms them."
        ),
    )
    return HttpResponseRedirect(reverse("backoffice:overview"))
