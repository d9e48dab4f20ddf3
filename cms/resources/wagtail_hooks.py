"""Déclic in the Wagtail admin: the chamber's staff list the DEAR diagnostic
requests and move them along (new, in progress, done)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import DiagnosticRequest


class DiagnosticRequestViewSet(ModelViewSet):
    """Staff see every request; artisans never reach the admin."""

    model = DiagnosticRequest
    icon = "help"
    menu_label = _("Diagnostic requests")
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["vendor", "topic_labels", "contact", "status", "created"]
    list_filter = ["status"]
    form_fields = ["status", "handled_by"]
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_diagnostic_request_viewset():
    return DiagnosticRequestViewSet("diagnostic_requests")
