"""The shop's error pages (shop/urls.py names these handlers).

403 and 404 render in the shop's shell (templates/403.html, 404.html), in the
visitor's language. A 403 inside a work space (the artisans' back office, the
logistics console) says what that space is and how to apply to sell. The
500 page is standalone (templates/500.html): it needs neither the database
nor the context processors, which may be what failed.
"""

from django.http import HttpResponseForbidden
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

# Path prefixes of the work spaces a 403 can come from, and their names in
# the templates.
SPACES = (
    ("/espace-artisan/", "backoffice"),
    ("/logistique/", "logistics"),
    ("/boutique/dashboard/", "dashboard"),
)


def space_of(path):
    for prefix, name in SPACES:
        if path.startswith(prefix):
            return name
    return ""


@requires_csrf_token
def permission_denied(request, exception, template_name="403.html"):
    template = loader.get_template(template_name)
    context = {"space": space_of(request.path), "exception": str(exception)}
    return HttpResponseForbidden(template.render(context, request))


def page_not_found(request, exception, template_name="404.html"):
    return defaults.page_not_found(request, exception, template_name=template_name)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    return defaults.server_error(request, template_name=template_name)
