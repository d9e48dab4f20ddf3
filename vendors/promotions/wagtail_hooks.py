"""Partner territories as Wagtail snippets: chamber staff add a territory
(its name, logo and contact) in /cms-admin/ before funding a campaign with it."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Funder


class FunderViewSet(SnippetViewSet):
    model = Funder
    icon = "site"
    menu_label = _("Partner territories")
    add_to_admin_menu = True
    list_display = ["name", "contact_name", "contact_email"]


register_snippet(FunderViewSet)
