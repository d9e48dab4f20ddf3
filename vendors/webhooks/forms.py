"""The artisan's form for a webhook endpoint."""

import ipaddress
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import EventType, WebhookEndpoint

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def local_urls_allowed():
    """http://localhost endpoints: in development (DEBUG) and tests only."""
    return getattr(settings, "WEBHOOKS_ALLOW_LOCALHOST", settings.DEBUG)


def check_endpoint_url(url):
    """An https URL on a public host (or localhost, in development)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in LOCAL_HOSTS and local_urls_allowed():
        return
    if parts.scheme != "https":
        raise forms.ValidationError(_("The address must start with https://."))
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if (
        host in LOCAL_HOSTS
        or host.endswith(".local")
        or (address is not None and not address.is_global)
    ):
        raise forms.ValidationError(_("The address must be reachable on the internet."))


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events to send"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "is_active"]
        help_texts = {"url": _("An https address of your program, e.g. your till's.")}

    def clean_url(self):
        url = self.cleaned_data["url"]
        check_endpoint_url(url)
        return url
